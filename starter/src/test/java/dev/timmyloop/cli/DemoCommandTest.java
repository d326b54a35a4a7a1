package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.cli.DemoChecks.Check;
import dev.timmyloop.workflows.cycle.TimmyCycle.PhaseReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  /** `timmy demo --json` is for scripts: the table rows and the checks, with stable field names. */
  @Test
  void jsonCarriesRowsAndChecks() throws Exception {
    DemoCommand.Report report =
        new DemoCommand.Report(
            1,
            "ok",
            List.of(new PhaseReport(4, "dispatch", "3 issues to 3 panes", 2100)),
            List.of(new Check("issue #1 closed", true, "state closed")),
            null,
            true);
    JsonNode json = new ObjectMapper().readTree(DemoCommand.json(report));
    assertEquals("dispatch", json.at("/phases/0/name").asText());
    assertEquals(2100, json.at("/phases/0/durationMillis").asLong());
    assertEquals("issue #1 closed", json.at("/checks/0/name").asText());
    assertEquals(true, json.at("/checks/0/ok").asBoolean());
    assertEquals(true, json.path("ok").asBoolean());
  }
}
