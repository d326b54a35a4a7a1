package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.activities.state.StateFileActivities.ClaimOutcome;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4, "Claims", through a whole cycle: the Dispatch phase honours the claims file. */
class ClaimsCycleTest {
  static Holder other(int pane) {
    return new Holder("timmy-cycle-7", "elsewhere", "elsewhere:0." + pane);
  }

  @TempDir Path root;

  @Test
  void aLiveClaimOfAnotherOwnerIsRespectedAndAnExpiredOneIsTakenAgain() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      long held = demo.issues().get(0);
      long expired = demo.issues().get(1);
      try (ScenarioWorld run = ScenarioWorld.on(demo, Map.of())) {
        ClaimOutcome live =
            new StateFileActivitiesImpl(run.config).claim(new ClaimRequest(held, other(0), 7200));
        assertEquals(ClaimStatus.CLAIMED, live.status());
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC);
        new StateFileActivitiesImpl(run.config, past)
            .claim(new ClaimRequest(expired, other(1), 3600));

        CycleResult result = run.run(1);

        assertFalse(result.dispatched().contains(held), result.toString());
        assertFalse(result.landed().contains(held), result.toString());
        assertTrue(
            result.landed().contains(expired), "the expired claim was taken again: " + result);
        GiteaClient forge = new GiteaClient(GiteaActivitiesImpl.optionsFrom(run.config));
        assertEquals("open", forge.getIssue(held).state());
        assertEquals("closed", forge.getIssue(expired).state());
        run.quiesce(); // the worker and the agents stop writing the state folder
        var state = new StateFileActivitiesImpl(run.config).readState();
        assertTrue(
            state.liveClaims().stream()
                .anyMatch(c -> c.issue() == held && c.holder().equals(other(0))),
            "the other owner's claim is left alone: " + state);
      }
    }
  }

  @Test
  void aCorruptClaimsFileIsMovedAsideAndReportedByAssess() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      try (ScenarioWorld run = ScenarioWorld.on(demo, Map.of())) {
        Path claims = run.config.stateDir().resolve("claims.json");
        String garbage = "{\"claims\": [ {\"issue\": 1, \"owner\": \"x\" ";
        Files.writeString(claims, garbage);

        TimmyCycle cycle =
            run.env
                .getWorkflowClient()
                .newWorkflowStub(
                    TimmyCycle.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId("timmy-cycle-1")
                        .setTaskQueue(run.config.taskQueue())
                        .build());
        CycleResult result = cycle.run(new CycleInput(null, null, true, null, null));
        assertNotEquals("failed", result.outcome(), result.toString());
        run.quiesce(); // the worker and the agents stop writing the state folder

        List<Path> aside;
        try (Stream<Path> files = Files.list(run.config.stateDir())) {
          aside =
              files
                  .filter(f -> f.getFileName().toString().startsWith("claims.json.unreadable-"))
                  .toList();
        }
        assertEquals(1, aside.size(), "moved aside once");
        assertEquals(garbage, Files.readString(aside.get(0)), "not lost");
        String assess = "";
        for (WorkflowExecutionInfo info : run.executions()) {
          if (info.getExecution().getWorkflowId().contains("assess"))
            assess += run.historyJson(info);
        }
        assertTrue(
            assess.contains(aside.get(0).getFileName().toString()), "Assess reports where it went");
        String row =
            result.phases().stream()
                .filter(p -> p.name().equals("assess"))
                .findFirst()
                .orElseThrow()
                .summary();
        assertTrue(
            row.contains("claims.json could not be read and was moved aside to "),
            "in the cycle table: " + row);
      }
    }
  }
}
