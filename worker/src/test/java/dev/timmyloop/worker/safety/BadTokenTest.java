package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4: a wrong token gives one clear failure naming the 401, and no retry storm. */
class BadTokenTest {
  @TempDir Path root;

  @Test
  void aWrongTokenFailsTheCycleOnceNamingThe401() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      Path wrong =
          Files.writeString(
              root.resolve("wrong_token"), "0123456789abcdef0123456789abcdef01234567\n");
      long before = total(demo);
      CycleResult result;
      try (ScenarioWorld run =
          ScenarioWorld.on(demo, Map.of("TIMMY_GITEA_TOKEN_FILE", wrong.toString()))) {
        result = run.run(1);
      }
      long requests = total(demo) - before;
      String seen = result + "\nrequests: " + demo.forge().requestCounts();
      assertEquals("failed", result.outcome(), seen);
      assertTrue(String.join("\n", result.failures()).contains("401"), seen);
      assertFalse(
          result.toString().contains("0123456789abcdef0123"), "the wrong token is not echoed");
      assertTrue(requests <= 6, "no retry storm: " + requests + " requests\n" + seen);
    }
  }

  private static long total(DemoScenario demo) {
    return demo.forge().requestCounts().values().stream().mapToLong(Long::longValue).sum();
  }
}
