package dev.timmyloop.worker.scenarios;

import static dev.timmyloop.worker.scenarios.IssueJobGivesUpTest.assertCleanedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An issue job whose agent's change is good, with the forge's CI failing, never finishing, or the
 * PR merged by a person while the job waits for CI. Real activities, sandbox forge, real CI runs.
 */
@Timeout(180)
class IssueJobCiTest {
  @TempDir Path root;

  @Test
  void ciRedOnThePushedHead_leavesThePrOpenWithACommentAndNotMerged() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      w.demo
          .forge()
          .setTestCommand(
              w.demo.owner(),
              w.demo.repo(),
              List.of("python3", "-c", "import sys; print('boom'); sys.exit(1)"));
      long n = w.demo.issues().get(0);

      IssueJobResult result = w.issueJob(n).run(w.claimAndPrepare(n));

      assertEquals(Outcome.NOT_MERGED, result.outcome(), result.toString());
      PullRequest pr = pullFor(w, n).orElseThrow(() -> new AssertionError("no PR for #" + n));
      assertEquals(pr.number(), result.pull());
      assertEquals("open", pr.state());
      assertFalse(pr.merged(), "not merged");
      assertFalse(w.forge.isMerged(pr.number()), "the forge says not merged");
      assertTrue(
          pr.title().startsWith("[loop-cycle-1] feat: "), pr.title()); // a [feature] (issue 13)
      assertTrue(w.hasComment(pr.number(), "CI failed"), "the PR says CI failed");
      assertTrue(w.hasComment(pr.number(), "<!-- timmy:"), "with our dedupe marker");
      assertEquals("open", w.forge.getIssue(n).state(), "the issue stays open");
      assertEquals(1, w.agentRuns("issue-" + n), "one agent run was enough");
      assertCleanedUp(w, n);
    }
  }

  @Test
  void ciThatNeverReports_endsAtTheCiTimeLimitWithACommentAndNotMerged() throws Exception {
    try (ScenarioWorld w =
        ScenarioWorld.create(root, Duration.ZERO, Map.of("TIMMY_CI_TIMEOUT", "5s"))) {
      w.demo.forge().setTestCommand(w.demo.owner(), w.demo.repo(), List.of("sleep", "300"));
      long n = w.demo.issues().get(0);

      IssueJobResult result = w.issueJob(n).run(w.claimAndPrepare(n));

      assertEquals(Outcome.NOT_MERGED, result.outcome(), result.toString());
      PullRequest pr = pullFor(w, n).orElseThrow(() -> new AssertionError("no PR for #" + n));
      assertEquals("open", pr.state());
      assertFalse(w.forge.isMerged(pr.number()), "not merged");
      assertTrue(w.hasComment(pr.number(), "CI did not finish"), "the PR says CI did not finish");
      assertEquals(
          "pending", w.forge.combinedStatus(pr.headSha()).state(), "CI still runs on the forge");
      assertCleanedUp(w, n);
    }
  }

  @Test
  void aPersonMergesThePrWhileTheJobWaitsForCi_endsMergedElsewhereAndCleansUp() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      w.demo.forge().setTestCommand(w.demo.owner(), w.demo.repo(), List.of("sleep", "15"));
      long n = w.demo.issues().get(0);
      var input = w.claimAndPrepare(n);
      AtomicReference<Object> merged = new AtomicReference<>();
      Thread person =
          new Thread(
              () -> {
                try {
                  ScenarioWorld.awaitTrue(
                      "the job's PR", Duration.ofSeconds(150), () -> pullFor(w, n).isPresent());
                  long pull = pullFor(w, n).get().number();
                  merged.set(pull + " → HTTP " + w.mergeByHand(pull));
                } catch (Throwable e) {
                  merged.set(e);
                }
              },
              "person-merging");
      person.setDaemon(true);
      person.start();

      IssueJobResult result = w.issueJob(n).run(input);
      person.join(30_000);

      assertTrue(String.valueOf(merged.get()).endsWith("HTTP 200"), "hand merge: " + merged.get());
      assertEquals(Outcome.MERGED_ELSEWHERE, result.outcome(), result.toString());
      assertTrue(w.forge.isMerged(result.pull()), "the PR is merged");
      assertCleanedUp(w, n);
    }
  }

  /** The PR from the job's branch, open or closed. */
  static Optional<PullRequest> pullFor(ScenarioWorld w, long issue) {
    return w.remoteBranchesQuietly().stream()
        .filter(b -> b.matches("(fix|feat|refactor|policy)/" + issue + "-.*"))
        .findFirst()
        .flatMap(branch -> w.forge.pullByBaseHead("main", branch))
        .map(p -> w.forge.getPull(p.number()));
  }
}
