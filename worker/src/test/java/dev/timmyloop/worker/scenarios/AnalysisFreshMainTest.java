package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 6: phase 3 analyses a fresh worktree of {@code origin/main} (not the clone's
 * checkout) with SOUL.md and main's test results in its prompt; an analysis that changes a file has
 * its proposals dropped and is filed as a finding. The worktree is gone afterwards either way.
 */
@Timeout(300)
class AnalysisFreshMainTest {
  private static final String SOUL =
      "# SOUL\n\nEvery result of calc is exact to the last digit, or it is a bug.\n";

  @TempDir Path root;

  @Test
  void theSoulOfMainNowReachesTheProposals() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      roomInTheQueue(w);
      FindingsWorld.push(w, "main", "SOUL.md", SOUL);
      // Phase 2 reads CI's verdict on main's new head: let it come.
      w.demo.forge().awaitCiIdle(Duration.ofMinutes(3));
      // The clone's own checkout keeps the old SOUL.md: only a fresh worktree of origin/main has
      // the new one.
      ScenarioWorld.run(w.config.repoPath(), "git", "reset", "-q", "--hard", "HEAD~1");

      CycleResult r = w.cycle(1, FindingsWorld.NO_DISPATCH);

      List<Issue> soulGaps =
          w.forge.issuesWithLabel("loop-generated").stream()
              .filter(i -> i.title().startsWith("[loop-generated] [soul-gap] Live up to SOUL.md"))
              .toList();
      assertEquals(1, soulGaps.size(), r.phases().toString());
      assertTrue(
          soulGaps.get(0).title().contains("Every result of calc is exact"),
          soulGaps.get(0).title());
      assertTrue(
          soulGaps.get(0).body().contains("to the last digit, or it is a bug"),
          soulGaps.get(0).body());
      String prompt = Files.readString(w.jobDir("analysis-1").resolve("prompt.txt"));
      assertTrue(
          prompt.contains("Latest test results of main (this cycle's phase 2): all tests pass."),
          prompt);
      assertTrue(prompt.contains("Slowest tests: none reported"), prompt);
      assertAnalysisWorktreeGone(w);
    }
  }

  @Test
  void anAnalysisThatChangesAFileIsRejectedAndReported() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      roomInTheQueue(w);
      Path recipe = Files.createDirectories(w.demo.fixesDir().resolve("analysis").resolve("calc"));
      Files.writeString(recipe.resolve("evil.py"), "X = 1\n");

      CycleResult r = w.cycle(1, FindingsWorld.NO_DISPATCH);

      List<Issue> loop = w.forge.issuesWithLabel("loop-generated");
      assertTrue(
          loop.stream()
              .noneMatch(
                  i -> i.title().contains("Live up to SOUL.md") || i.title().contains("modulo")),
          "proposals dropped: " + FindingsCycleTest.titles(loop));
      List<Issue> changed =
          loop.stream().filter(i -> i.title().contains("the analysis run changed files")).toList();
      assertEquals(1, changed.size(), FindingsCycleTest.titles(loop) + " " + r.phases());
      assertTrue(changed.get(0).body().contains("calc/evil.py"), changed.get(0).body());
      assertTrue(r.phases().get(2).summary().contains("wanted 2, filed 0"), r.phases().toString());
      assertFalse(
          Files.exists(w.config.repoPath().resolve("calc/evil.py")), "the clone is untouched");
      assertAnalysisWorktreeGone(w);
    }
  }

  /**
   * Two of the three demo issues closed: one unclaimed for three idle panes, so phase 3 wants two.
   */
  private static void roomInTheQueue(ScenarioWorld w) throws Exception {
    FindingsWorld.closeDemoPulls(w);
    w.closeByHand(w.demo.issues().get(1));
    w.closeByHand(w.demo.issues().get(2));
  }

  private static void assertAnalysisWorktreeGone(ScenarioWorld w) throws Exception {
    assertEquals(List.of(), w.worktreeDirs(), "worktree root is empty");
    assertEquals(List.of(), w.linkedWorktrees(), "git knows no linked worktree");
  }
}
