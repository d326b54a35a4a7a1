package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 2: whole cycles on the sandbox forge file what they see — a test on main that
 * fails then passes on a rerun, CI checks that flip on one sha — though the queue is full, once per
 * signature while the issue is open, again after it is closed, within {@code maxFindingsPerCycle}.
 */
@Timeout(600)
class FindingsCycleTest {
  @TempDir Path root;

  @Test
  void flakyTestsAndCiFlipsAreFiledOnceWithinTheCapAndAgainAfterClosing() throws Exception {
    try (ScenarioWorld w =
        ScenarioWorld.create(root, Duration.ZERO, Map.of("TIMMY_MAX_FINDINGS_PER_CYCLE", "2"))) {
      FindingsWorld.closeDemoPulls(w);
      FindingsWorld.push(w, "main", "tests/test_flaky.py", FindingsWorld.FLAKY_TEST);
      // A wip PR (phase 1 leaves it alone) whose head saw two checks fail, then pass.
      String sha = FindingsWorld.push(w, "wip-flips", "notes.txt", "flips\n");
      w.demo
          .forge()
          .createPull(w.demo.owner(), w.demo.repo(), "WIP: flips", "", "wip-flips", "main");
      w.demo.forge().awaitCiIdle(Duration.ofMinutes(3));
      for (String context : List.of("ci/lint", "ci/e2e")) {
        FindingsWorld.status(w, sha, context, "failure");
        FindingsWorld.status(w, sha, context, "success");
      }

      CycleResult first = w.cycle(1, FindingsWorld.NO_DISPATCH);
      assertTrue(
          first.phases().get(2).summary().startsWith("queue is full enough"),
          first.phases().toString());
      List<Issue> filed = FindingsWorld.bugFindings(w);
      assertEquals(2, filed.size(), "three findings, a cap of two: " + titles(filed));
      assertTrue(
          first.issuesFiled().containsAll(filed.stream().map(Issue::number).toList()),
          first.toString());
      assertTrue(
          titles(filed).stream()
              .anyMatch(t -> t.contains("flaky test: ") && t.contains("test_sometimes")),
          "main's flaky test, found by the rerun in phase 2: " + titles(filed));
      assertTrue(filed.stream().allMatch(i -> i.body().contains("<!-- timmy-finding: ")), "marked");

      CycleResult second = w.cycle(2, FindingsWorld.NO_DISPATCH);
      List<Issue> now = FindingsWorld.bugFindings(w);
      assertEquals(
          3, now.size(), "the one over the cap comes next cycle, no other again: " + titles(now));
      assertTrue(
          titles(now).stream().anyMatch(t -> t.contains("flaky test: ci/lint")),
          titles(now).toString());
      assertTrue(
          titles(now).stream().anyMatch(t -> t.contains("flaky test: ci/e2e")),
          titles(now).toString());
      assertEquals(1, second.issuesFiled().size(), second.toString());

      CycleResult third = w.cycle(3, FindingsWorld.NO_DISPATCH);
      assertEquals(
          3,
          FindingsWorld.bugFindings(w).size(),
          "nothing filed again: " + titles(FindingsWorld.bugFindings(w)));
      assertEquals(List.of(), third.issuesFiled(), third.toString());

      Issue flaky =
          filed.stream()
              .filter(i -> i.title().contains("test_sometimes"))
              .findFirst()
              .orElseThrow();
      w.closeByHand(flaky.number());
      CycleResult fourth = w.cycle(4, FindingsWorld.NO_DISPATCH);
      List<Issue> again =
          FindingsWorld.open(FindingsWorld.bugFindings(w)).stream()
              .filter(i -> i.title().contains("test_sometimes"))
              .toList();
      assertEquals(
          1, again.size(), "filed again after closing: " + titles(FindingsWorld.bugFindings(w)));
      assertTrue(
          again.get(0).body().contains("Seen before in #" + flaky.number()), again.get(0).body());
      assertEquals(List.of(again.get(0).number()), fourth.issuesFiled(), fourth.toString());
    }
  }

  static List<String> titles(List<Issue> issues) {
    return issues.stream()
        .map(i -> "#" + i.number() + " " + i.title() + " (" + i.state() + ")")
        .toList();
  }
}
