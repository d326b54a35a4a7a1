package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.Claim;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous flow on the sandbox forge: two panes, the demo's three issues and a CI of 4 s. A job
 * gives its pane back once its PR is open; with an issue waiting, the cycle ends on that and the
 * next one dispatches the third issue while the first two PRs are still in CI.
 */
@Timeout(600)
class ContinuousFlowTest {
  @TempDir Path root;

  @Test
  void aPaneFreedWhileItsPrLandsTakesTheWaitingIssueAtOnce() throws Exception {
    try (ScenarioWorld w =
        ScenarioWorld.create(
            root, Duration.ZERO, Map.of("TIMMY_PANES", "2", "TIMMY_MAX_FILED_PER_CYCLE", "0"))) {
      FindingsWorld.closeDemoPulls(w);
      w.demo.forge().setCi(2, Duration.ofSeconds(4));
      List<Long> issues = w.demo.issues();
      assertEquals(3, issues.size(), "the demo's issues");

      CycleResult first = w.cycle(1, new CycleInput(null, null, false, false, null));
      assertEquals(2, first.dispatched().size(), first.toString());
      assertEquals(1, first.waiting(), first.toString());
      assertEquals(
          List.of(),
          first.landed(),
          "phase 5 ended on a freed pane, before any PR got through its CI: " + first);
      assertTrue(first.phases().get(4).summary().contains("2 pending"), first.toString());
      List<Claim> claims = w.liveClaims();
      assertTrue(
          claims.stream().anyMatch(c -> c.holder().pane().isEmpty()),
          "a landing job holds its issue without a pane: " + claims);

      CycleResult second = w.cycle(2, new CycleInput(null, null, false, true, null));
      long third = issues.stream().filter(n -> !first.dispatched().contains(n)).findFirst().get();
      assertEquals(List.of(third), second.dispatched(), second.toString());
      assertEquals(List.of(third), second.landed(), second.toString());

      // The first cycle's jobs land on their own, and every claim goes.
      long deadline = System.currentTimeMillis() + 180_000;
      while (System.currentTimeMillis() < deadline
          && issues.stream().anyMatch(n -> !"closed".equals(w.forge.getIssue(n).state()))) {
        Thread.sleep(500);
      }
      for (long n : issues) assertEquals("closed", w.forge.getIssue(n).state(), "#" + n);
      while (System.currentTimeMillis() < deadline && !w.liveClaims().isEmpty()) Thread.sleep(200);
      assertEquals(List.of(), w.liveClaims());
    }
  }
}
