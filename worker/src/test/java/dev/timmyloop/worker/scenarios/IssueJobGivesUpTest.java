package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An issue job with the real activities whose agent never produces an acceptable change: it tries
 * twice, then says so on the issue and leaves everything as it found it.
 */
@Timeout(180)
class IssueJobGivesUpTest {
  @TempDir Path root;

  @Test
  void anAgentThatChangesNothingTwice_givesUpWithACommentAndNeedsHuman() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      // No recipe for this issue: the fake agent reads the task and changes nothing.
      long n =
          w.demo.forge().createIssue(w.demo.owner(), w.demo.repo(), "Make calc faster", "Somehow.");
      var input = w.claimAndPrepare(n);

      IssueJobResult result = w.issueJob(n).run(input);

      assertEquals(Outcome.GAVE_UP, result.outcome(), result.toString());
      assertEquals(2, w.agentRuns("issue-" + n), "agent starts for issue-" + n);
      assertTrue(w.hasComment(n, "<!-- timmy:"), "the issue has our comment");
      assertTrue(w.hasComment(n, "gave up"), "the comment says we gave up");
      assertTrue(w.forge.getIssue(n).labels().contains("needs-human"), "labelled needs-human");
      assertEquals("open", w.forge.getIssue(n).state());
      assertCleanedUp(w, n);
    }
  }

  @Test
  void aChangeTheCommitHookRejectsTwice_feedsTheHookOutputBackThenGivesUpWithoutAPr()
      throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      long n = w.demo.issues().get(0);
      // The recipe replaces the issue's fix: a module the tests never import, so they pass, but
      // the pre-commit hook byte-compiles it and fails.
      Path recipe = w.demo.fixesDir().resolve("issue-" + n);
      deleteTree(recipe);
      Files.createDirectories(recipe.resolve("calc"));
      Files.writeString(recipe.resolve("calc/broken_helper.py"), "def broken(:\n    return 1\n");
      var input = w.claimAndPrepare(n);

      IssueJobResult result = w.issueJob(n).run(input);

      assertEquals(Outcome.GAVE_UP, result.outcome(), result.toString());
      assertEquals(2, w.agentRuns("issue-" + n), "agent starts for issue-" + n);
      String secondPrompt =
          Files.readString(w.jobDir("issue-" + n + "-1-a2").resolve("prompt.txt"));
      assertTrue(secondPrompt.contains("A git hook rejected the commit"), secondPrompt);
      assertTrue(secondPrompt.contains("SyntaxError"), "the hook's own output: " + secondPrompt);
      assertTrue(secondPrompt.contains("broken_helper.py"), secondPrompt);
      assertFalse(
          Files.readString(w.jobDir("issue-" + n + "-1-a1").resolve("prompt.txt"))
              .contains("SyntaxError"),
          "the first prompt had no feedback yet");

      assertTrue(
          w.remoteBranches().stream()
              .noneMatch(b -> b.matches("(fix|feat|refactor|policy)/" + n + "-.*")),
          "nothing pushed: " + w.remoteBranches());
      assertTrue(noPullFor(w, n), "no PR for #" + n);
      assertTrue(w.hasComment(n, "<!-- timmy:"), "the issue has our comment");
      assertCleanedUp(w, n);
    }
  }

  private static boolean noPullFor(ScenarioWorld w, long n) {
    return w.forge.openPulls().stream()
        .noneMatch(p -> p.headBranch().matches("(fix|feat|refactor|policy)/" + n + "-.*"));
  }

  static void assertCleanedUp(ScenarioWorld w, long n) throws Exception {
    assertTrue(
        w.liveClaims().stream().noneMatch(c -> c.issue() == n),
        "claim released: " + w.liveClaims());
    assertEquals(java.util.List.of(), w.worktreeDirs(), "worktree root is empty");
    assertEquals(java.util.List.of(), w.linkedWorktrees(), "git knows no linked worktree");
    assertTrue(
        w.panes().stream().allMatch(p -> p.jobId().isEmpty() && (!p.alive() || p.idle())),
        "panes idle: " + w.panes());
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) return;
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
