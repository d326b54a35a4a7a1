package dev.timmyloop.workflows.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.workflows.issue.RecordingActivities;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingGitea;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.merge.MergeQueue.QueueState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Phase 5's merge queue with recording fakes: what it asks Gitea and git, and what it answers. */
@Timeout(120)
class MergeQueueImplTest {
  static final long PULL = 12;

  /** Stands in for an issue job or phase 1: waits for the queue's {@code landed} signal. */
  @WorkflowInterface
  public interface Requester extends LandingRequester {
    @WorkflowMethod
    LandResult awaitAnswer();
  }

  public static class RequesterImpl implements Requester {
    private LandResult answer;

    @Override
    public LandResult awaitAnswer() {
      Workflow.await(() -> answer != null);
      return answer;
    }

    @Override
    public void landed(LandResult result) {
      answer = result;
    }
  }

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WorkflowImplementationOptions.newBuilder()
                  .setFailWorkflowExceptionTypes(Throwable.class)
                  .build(),
              MergeQueueImpl.class,
              RequesterImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private RecordingActivities fakes;
  private RecordingGitea gitea;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    fakes = new RecordingActivities(client);
    gitea = fakes.gitea;
  }

  /** Starts the requester and a queue that carries its ticket, and returns the queue's answer. */
  private LandResult land() {
    worker.registerActivitiesImplementations(fakes.all());
    testEnv.start();
    Requester requester =
        client.newWorkflowStub(
            Requester.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("requester")
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(requester::awaitAnswer);
    MergeQueue queue =
        client.newWorkflowStub(
            MergeQueue.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(MergeQueue.workflowId("owner/repo"))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    LandTicket ticket =
        new LandTicket("requester", PULL, "old-head", "fix: x (#7)", "Closes #7", 900);
    WorkflowClient.start(queue::run, new QueueState(List.of(ticket), 0));
    return requester.awaitAnswer();
  }

  private static MergeRequest squash(String head) {
    return new MergeRequest(PULL, head, "fix: x (#7)", "Closes #7", true);
  }

  private List<String> ciAwaitedOn() {
    return gitea.awaited.stream().map(AwaitStatus::sha).toList();
  }

  @Test
  void aGreenUpToDatePrIsSquashMergedOnTheHeadSeenGreen() {
    LandResult r = land();

    assertEquals(LandStatus.MERGED, r.status(), r.message());
    assertEquals("merge-sha", r.mergeCommitSha());
    assertFalse(r.rebased());
    assertEquals(List.of("fetch", "refState origin/fix/7-x origin/main"), fakes.git.calls);
    assertEquals(List.of("old-head"), ciAwaitedOn());
    assertEquals(List.of(squash("old-head")), gitea.mergeRequests);
  }

  @Test
  void aStalePrIsRebasedAndLandedAfterCiOnItsNewHead() {
    fakes.git.behind.add(2);

    LandResult r = land();

    assertEquals(LandStatus.MERGED, r.status(), r.message());
    assertTrue(r.rebased());
    assertEquals("rebased-" + PULL, r.headSha());
    assertEquals(List.of("rebased-" + PULL), ciAwaitedOn(), "never the old head's CI");
    assertEquals(List.of(squash("rebased-" + PULL)), gitea.mergeRequests);
  }

  @Test
  void redCiIsAnsweredWithWhatFailedAndNothingIsMerged() {
    gitea.statuses.add(RecordingGitea.status("", "failure"));

    LandResult r = land();

    assertEquals(LandStatus.CI_FAILED, r.status());
    assertEquals("CI failure: [ci/unit failure]", r.message());
    assertTrue(gitea.mergeRequests.isEmpty());
  }

  @Test
  void aRebaseThatConflictsIsAnsweredWithoutWaitingForCi() {
    fakes.git.behind.add(1);
    gitea.updates.add(new UpdateOutcome(UpdateStatus.CONFLICT, "src/app.py"));

    LandResult r = land();

    assertEquals(LandStatus.CONFLICT, r.status());
    assertEquals("rebase conflicts: src/app.py", r.message());
    assertTrue(gitea.awaited.isEmpty() && gitea.mergeRequests.isEmpty());
  }

  @Test
  void mainMovedBySomeoneElseWhileMerging_theNextRoundRebasesAndLands() {
    gitea.merges.add(new MergeOutcome(MergeStatus.CONFLICT_OR_STALE_HEAD, "head moved"));
    fakes.git.behind.add(0);
    fakes.git.behind.add(1); // round 2: main has a commit the head lacks

    LandResult r = land();

    assertEquals(LandStatus.MERGED, r.status(), r.message());
    assertTrue(r.rebased());
    assertEquals(List.of("old-head", "rebased-" + PULL), ciAwaitedOn());
    assertEquals(List.of(squash("old-head"), squash("rebased-" + PULL)), gitea.mergeRequests);
  }

  @Test
  void aPrMergedBySomeoneElseIsAnsweredWithoutTouchingIt() {
    gitea.merged.add(true);

    LandResult r = land();

    assertEquals(LandStatus.ALREADY_MERGED, r.status());
    assertTrue(fakes.git.calls.isEmpty(), fakes.git.calls::toString);
    assertTrue(gitea.mergeRequests.isEmpty());
  }

  @Test
  void giteaNeverReadyIsAnsweredNotReadyAfterTheLastRound() {
    for (int i = 0; i < LandingPolicy.ROUNDS; i++) {
      gitea.merges.add(new MergeOutcome(MergeStatus.NOT_READY, "405"));
    }

    LandResult r = land();

    assertEquals(LandStatus.NOT_READY, r.status());
    assertEquals("not mergeable after 3 rounds", r.message());
    assertEquals(LandingPolicy.ROUNDS, gitea.mergeRequests.size());
  }
}
