package dev.timmyloop.workflows.repair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.git.GitActivities.RebaseOutcome;
import dev.timmyloop.activities.git.GitActivities.RebaseStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.LabelChange;
import dev.timmyloop.workflows.issue.RecordingActivities;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingGitea;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingTox;
import dev.timmyloop.workflows.repair.PrRepair.Outcome;
import dev.timmyloop.workflows.repair.PrRepair.Reason;
import dev.timmyloop.workflows.repair.PrRepair.RepairInput;
import dev.timmyloop.workflows.repair.PrRepair.RepairResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class PrRepairImplTest {
  static final String BRANCH = "fix/7-crash";

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WorkflowImplementationOptions.newBuilder()
                  .setFailWorkflowExceptionTypes(Throwable.class)
                  .build(),
              PrRepairImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private RecordingActivities fakes;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    this.fakes = new RecordingActivities(client);
  }

  private RepairResult repair(Reason reason) {
    worker.registerActivitiesImplementations(fakes.all());
    testEnv.start();
    PrRepair stub =
        client.newWorkflowStub(
            PrRepair.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(PrRepair.workflowId(31))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return stub.repair(
        new RepairInput(
            4, 31, "Fix parser", BRANCH, reason, "Kimi:0.1", RecordingActivities.settings(), ""));
  }

  private void assertWorktreeRemoved() {
    assertTrue(fakes.git.calls.contains("removeWorktree /wt/" + BRANCH), fakes.git.calls::toString);
  }

  @Test
  void redCiRepairedOnTheFirstAttempt() {
    RepairResult r = repair(Reason.CI_FAILED);

    assertEquals(Outcome.REPAIRED, r.outcome(), r.reason());
    assertEquals("pushed-1", r.headSha());
    assertEquals(1, r.attempts());
    String prompt = fakes.kimi.dispatched.get(0).prompt();
    assertEquals("pr-31-4-a1", fakes.kimi.dispatched.get(0).jobId());
    assertTrue(prompt.startsWith("PR #31: Fix parser\n"));
    assertTrue(prompt.contains("FAILED tests/test_app.py::test_empty on old-head"), prompt);
    assertTrue(fakes.git.calls.contains("checkoutWorktree " + BRANCH));
    assertWorktreeRemoved();
  }

  @Test
  void twoFailedRepairsParkThePrForAHuman() {
    fakes.tox.results.add(RecordingTox.failed("tests/test_app.py::test_a"));
    fakes.tox.results.add(RecordingTox.failed("tests/test_app.py::test_a"));
    fakes.gitea.statuses.add(RecordingGitea.status("", "failure"));

    RepairResult r = repair(Reason.CI_FAILED);

    assertEquals(Outcome.PARKED, r.outcome());
    assertEquals(2, r.attempts());
    assertTrue(fakes.kimi.dispatched.get(1).prompt().contains("tests/test_app.py::test_a"));
    assertEquals("repair-parked-31-4", fakes.gitea.comments.get(0).dedupeKey());
    assertTrue(fakes.gitea.comments.get(0).body().contains("CI failed on the head `pushed-1`"));
    assertEquals(List.of(new LabelChange(31, List.of("needs-human"))), fakes.gitea.labelled);
    assertWorktreeRemoved();
    // Issue 13: a repair that gives up is rejected agent output, for the cycle to file.
    assertEquals(1, r.findings().size(), r.findings().toString());
    assertEquals("agent output rejected on PR #31", r.findings().get(0).title());
    assertEquals("repair-gave-up:PR#31", r.findings().get(0).signature());
    assertTrue(
        r.findings().get(0).body().contains("Attempt 2 rejected"), r.findings().get(0).body());
  }

  @Test
  void conflictThatRebasesCleanlyNeedsNoAgent() {
    fakes.git.rebases.add(new RebaseOutcome(RebaseStatus.REBASED, "rebased", List.of()));

    RepairResult r = repair(Reason.CONFLICT);

    assertEquals(Outcome.REPAIRED, r.outcome());
    assertEquals(0, r.attempts());
    assertTrue(fakes.kimi.dispatched.isEmpty());
    assertTrue(fakes.git.calls.contains("push " + BRANCH));
    assertWorktreeRemoved();
  }

  @Test
  void conflictTheAgentMergesIsReviewedAfterTheMergeCommit() {
    fakes.git.rebases.add(
        new RebaseOutcome(RebaseStatus.CONFLICT, "old-head", List.of("src/app.py")));
    fakes.git.behind.add(2); // first attempt: the agent did not merge the base

    RepairResult r = repair(Reason.CONFLICT);

    assertEquals(Outcome.REPAIRED, r.outcome(), r.reason());
    assertEquals(2, r.attempts());
    String first = fakes.kimi.dispatched.get(0).prompt();
    assertTrue(
        first.contains("- src/app.py") && first.contains("git merge --no-commit origin/main"));
    assertTrue(fakes.kimi.dispatched.get(1).prompt().contains("still 2 commits behind"));
    List<String> calls = fakes.git.calls;
    int commit = calls.indexOf("commit fix: resolve conflicts with main (#31)");
    assertTrue(
        commit >= 0 && calls.subList(commit, calls.size()).contains("changes origin/main"),
        calls::toString);
    assertWorktreeRemoved();
  }

  @Test
  void prMergedMeanwhileIsGone() {
    fakes.gitea.merged.add(true);

    RepairResult r = repair(Reason.CI_FAILED);

    assertEquals(Outcome.GONE, r.outcome());
    assertTrue(fakes.kimi.dispatched.isEmpty());
    assertTrue(fakes.gitea.comments.isEmpty());
  }

  @Test
  void prMergedWhileTheAgentWorkedIsGoneAndNotPushed() {
    fakes.gitea.merged.add(false);
    fakes.gitea.merged.add(true);

    RepairResult r = repair(Reason.CI_FAILED);

    assertEquals(Outcome.GONE, r.outcome());
    assertTrue(fakes.git.calls.stream().noneMatch(c -> c.startsWith("push")));
    assertWorktreeRemoved();
  }
}
