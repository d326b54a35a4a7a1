package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.git.GitActivities.Changes;
import dev.timmyloop.activities.git.GitActivities.CommitOutcome;
import dev.timmyloop.activities.git.GitActivities.CommitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.LabelChange;
import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.JobRecord;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingGitea;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingTox;
import dev.timmyloop.workflows.merge.MergeQueue;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class IssueJobImplTest {
  static final Holder OWNER = new Holder("timmy-cycle-3", "", "Kimi:0.0");

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          // A bug in workflow code fails the test's workflow at once instead of retrying its task
          // forever.
          .registerWorkflowImplementationTypes(
              WorkflowImplementationOptions.newBuilder()
                  .setFailWorkflowExceptionTypes(Throwable.class)
                  .build(),
              IssueJobImpl.class)
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

  private IssueJob job() {
    worker.registerActivitiesImplementations(fakes.all());
    testEnv.start();
    return client.newWorkflowStub(
        IssueJob.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(IssueJob.workflowId(7))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static IssueJobInput input() {
    return new IssueJobInput(
        3, 7, "Crash on empty input", OWNER, RecordingActivities.settings(), "kimi-cli");
  }

  private IssueJobResult run() {
    return job().run(input());
  }

  /**
   * Whatever the ending, the worktree is gone and the claim dropped (the old loop leaked both).
   * Once its PR is open the job gives its pane back and keeps the issue claimed without one until
   * it ends.
   */
  private void assertCleanedUp() {
    assertTrue(
        fakes.git.calls.contains("removeWorktree /wt/fix/7-crash-on-empty-input"),
        fakes.git.calls::toString);
    Holder paneless = new Holder(OWNER.cycle(), OWNER.host(), "");
    boolean prOpened = !fakes.state.claimed.isEmpty();
    assertEquals(
        prOpened
            ? List.of(new Release(7, OWNER), new Release(7, paneless))
            : List.of(new Release(7, OWNER)),
        fakes.state.released);
    if (prOpened) {
      assertEquals(
          List.of(new ClaimRequest(7, paneless, RecordingActivities.settings().claimTtlSeconds())),
          fakes.state.claimed);
    }
  }

  @Test
  void greenIssueLandsThroughTheMergeQueue() {
    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals("merge-commit-1", r.mergeCommitSha());
    assertEquals(1, r.agentRuns());
    assertEquals("issue-7-3-a1", fakes.kimi.dispatched.get(0).jobId());
    assertTrue(fakes.git.calls.contains("addWorktree fix/7-crash-on-empty-input origin/main"));
    assertTrue(fakes.git.calls.contains("commit fix: Crash on empty input (#7)"));
    assertEquals(
        "[loop-cycle-3] fix: Crash on empty input (#7)", fakes.gitea.created.get(0).title());
    assertTrue(fakes.gitea.created.get(0).body().startsWith("Closes #7\n\n1 file changed, +4 -1"));
    var ticket = fakes.temporal.requests.get(0);
    assertEquals(MergeQueue.workflowId("owner/repo"), ticket.queueWorkflowId());
    assertEquals("pushed-1", ticket.ticket().expectedHeadSha());
    assertEquals(IssueJob.workflowId(7), ticket.ticket().requesterWorkflowId());
    assertEquals("pushed-1", fakes.gitea.awaited.get(0).sha());
    assertTrue(fakes.kimi.cancelled.isEmpty(), "a finished job is not cancelled");
    assertCleanedUp();
    assertEquals(
        List.of(new JobRecord(3, 7, "Kimi:0.0", "landed", r.durationSeconds())),
        fakes.state.ended,
        "its end goes to state.json");
    assertTrue(fakes.state.pending.isEmpty(), "nothing to hand over");
  }

  /** Issue 13, point 4: the template file is read when the prompt is built, and filled in. */
  @Test
  void aPromptTemplateIsReadByTheJobAndFilledIn() {
    fakes.settings.template =
        "Issue #{ISSUE_NUMBER}: {ISSUE_TITLE}\nOn {BRANCH}.\n{SAFETY_BLOCK}{ISSUE_BODY}\n";
    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals(1, fakes.settings.templateReads.get());
    String prompt = fakes.kimi.dispatched.get(0).prompt();
    assertEquals(
        "Issue #7: Crash on empty input\nOn fix/7-crash-on-empty-input.\n"
            + Prompts.safetyBlock("fix/7-crash-on-empty-input", "tox -e unit")
            + "It crashes.\n",
        prompt);
  }

  @Test
  void noDiffTwiceGivesUpWithACommentAndReleasesTheClaim() {
    Changes empty = new Changes(List.of(), 0, 0, "");
    fakes.git.changes.add(empty);
    fakes.git.changes.add(empty);

    IssueJobResult r = run();

    assertEquals(Outcome.GAVE_UP, r.outcome());
    assertEquals(2, r.agentRuns());
    assertTrue(fakes.kimi.dispatched.get(1).prompt().contains("The change is empty"));
    NewComment comment = fakes.gitea.comments.get(0);
    assertEquals(7, comment.issue());
    assertEquals("gave-up-7-3", comment.dedupeKey());
    assertEquals(List.of(new LabelChange(7, List.of("needs-human"))), fakes.gitea.labelled);
    assertTrue(fakes.gitea.created.isEmpty(), "no PR for a change that was never accepted");
    assertCleanedUp();
    // Phase 5 may no longer wait for it: its finding also goes to the home host's ledger.
    assertEquals(
        List.of("gave-up:#7"), fakes.state.pending.stream().map(p -> p.signature()).toList());
    assertEquals(r.findings().get(0).body(), fakes.state.pending.get(0).body());
  }

  @Test
  void aLintHookTheFormatterSatisfiesNeedsNoSecondAgentRun() {
    fakes.git.commits.add(new CommitOutcome(CommitStatus.HOOK_REJECTED, "", "trailing whitespace"));

    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome());
    assertEquals(1, r.agentRuns());
    assertEquals(
        1,
        fakes.tox.runs.stream().filter(x -> x.startsWith("format ")).count(),
        fakes.tox.runs.toString());
  }

  @Test
  void hookRejectionReachesTheAgentsSecondPrompt() {
    // The formatter runs once and the hook still rejects: the agent hears of it.
    fakes.git.commits.add(
        new CommitOutcome(CommitStatus.HOOK_REJECTED, "", "ruff: E501 line too long"));
    fakes.git.commits.add(
        new CommitOutcome(CommitStatus.HOOK_REJECTED, "", "ruff: E501 line too long"));

    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome());
    assertEquals(2, r.agentRuns());
    assertEquals("issue-7-3-a2", fakes.kimi.dispatched.get(1).jobId());
    String second = fakes.kimi.dispatched.get(1).prompt();
    assertTrue(
        second.contains("A git hook rejected the commit")
            && second.contains("ruff: E501 line too long"));
    // The recorded history replays on the current code: the workflow is deterministic.
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(IssueJob.workflowId(7)), IssueJobImpl.class));
  }

  @Test
  void aTestThatPassesOnTheRerunIsFlaky_theAttemptStandsAndTheJobReportsIt() {
    fakes.tox.results.add(RecordingTox.failed("tests/test_app.py::test_slow"));

    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome());
    assertEquals(1, r.agentRuns());
    assertEquals(
        List.of("flaky:tests/test_app.py::test_slow"),
        r.findings().stream().map(f -> f.signature()).toList());
  }

  @Test
  void failingTestsAndACrashedAgentAreFedBack() {
    // failed, and failed again on the rerun: a real failure
    fakes.tox.results.add(RecordingTox.failed("tests/test_app.py::test_empty"));
    fakes.tox.results.add(RecordingTox.failed("tests/test_app.py::test_empty"));
    fakes.kimi.outcomes.add(dev.timmyloop.activities.agent.AgentActivities.JobOutcome.COMPLETED);
    fakes.kimi.outcomes.add(dev.timmyloop.activities.agent.AgentActivities.JobOutcome.CRASHED);

    IssueJobResult r = run();

    assertEquals(Outcome.GAVE_UP, r.outcome());
    assertTrue(fakes.kimi.dispatched.get(1).prompt().contains("tests/test_app.py::test_empty"));
    assertTrue(fakes.gitea.comments.get(0).body().contains("CRASHED"));
  }

  @Test
  void redCiLeavesThePrOpenWithAComment() {
    fakes.gitea.statuses.add(RecordingGitea.status("", "failure"));

    IssueJobResult r = run();

    assertEquals(Outcome.NOT_MERGED, r.outcome());
    assertEquals(100, r.pull());
    NewComment comment = fakes.gitea.comments.get(0);
    assertEquals(100, comment.issue());
    assertTrue(
        comment.body().contains("CI failed on pushed-1") && comment.body().contains("ci/unit"));
    assertTrue(fakes.temporal.requests.isEmpty(), "red CI never reaches the merge queue");
    assertCleanedUp();
  }

  @Test
  void ciThatNeverFinishesIsNotMerged() {
    fakes.gitea.statuses.add(RecordingGitea.status("", "pending"));

    IssueJobResult r = run();

    assertEquals(Outcome.NOT_MERGED, r.outcome());
    assertTrue(fakes.gitea.comments.get(0).body().startsWith("CI did not finish within 900 s"));
    assertEquals("ci-timeout-7-3", fakes.gitea.comments.get(0).dedupeKey());
    assertTrue(fakes.temporal.requests.isEmpty());
    assertCleanedUp();
  }

  @Test
  void prMergedElsewhereWhileWaitingForCiEndsCleanly() {
    fakes.gitea.merged.add(false); // before CI
    fakes.gitea.merged.add(true); // after CI, before landing

    IssueJobResult r = run();

    assertEquals(Outcome.MERGED_ELSEWHERE, r.outcome());
    assertTrue(fakes.temporal.requests.isEmpty());
    assertTrue(fakes.gitea.comments.isEmpty());
    assertCleanedUp();
  }

  @Test
  void queueAnsweringAlreadyMergedIsMergedElsewhere() {
    fakes.temporal.answer =
        t ->
            new LandResult(
                t.pull(), MergeQueue.LandStatus.ALREADY_MERGED, "pushed-1", "m", false, "", null);
    assertEquals(Outcome.MERGED_ELSEWHERE, run().outcome());
  }

  @Test
  void silentMergeQueueTimesOutAsNotMerged() {
    fakes.temporal.answer = null;

    IssueJobResult r = run(); // time skipping jumps over ciTimeout + grace

    assertEquals(Outcome.NOT_MERGED, r.outcome());
    assertTrue(fakes.gitea.comments.get(0).body().contains("merge queue gave no answer"));
    assertCleanedUp();
  }

  @Test
  void protectedBranchFailureEndsFailedAfterCleanup() {
    fakes.git.pushFailure =
        ApplicationFailure.newNonRetryableFailure(
            "refusing to push main", FailureTypes.PROTECTED_BRANCH);

    IssueJobResult r = run();

    assertEquals(Outcome.FAILED, r.outcome());
    assertTrue(r.reason().startsWith("ProtectedBranch: refusing to push main"), r.reason());
    assertCleanedUp();
  }

  @Test
  void cancelledJobRemovesWorktreeReleasesClaimAndCancelsTheAgent() throws Exception {
    fakes.kimi.hang = true;
    IssueJob job = job();
    WorkflowClient.start(job::run, input());
    long until = System.currentTimeMillis() + 30_000;
    while (fakes.kimi.awaited.isEmpty() && System.currentTimeMillis() < until) Thread.sleep(50);
    assertEquals("awaiting kimi-cli on Kimi:0.0 (issue-7-3-a1)", job.step());

    WorkflowStub.fromTyped(job).cancel();
    WorkflowFailedException ended =
        assertThrows(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(job).getResult(IssueJobResult.class));

    assertInstanceOf(CanceledFailure.class, ended.getCause());
    assertEquals(List.of("issue-7-3-a1"), fakes.kimi.cancelled);
    assertCleanedUp();
  }
}
