package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.tmux.TmuxActivities;
import dev.timmyloop.workflows.issue.RecordingActivities;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingGitea;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingTox;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.phases.FixBrokenPrs.FixInput;
import dev.timmyloop.workflows.phases.FixBrokenPrs.FixReport;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.repair.PrRepair;
import dev.timmyloop.workflows.repair.PrRepairImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 1 with recording fakes: a PR waiting only for a free pane is not broken (issue 13, point
 * 7), and what a repair saw reaches the phase's report for the cycle to file (point 2).
 */
@Timeout(120)
class FixBrokenPrsImplTest {
  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WorkflowImplementationOptions.newBuilder()
                  .setFailWorkflowExceptionTypes(Throwable.class)
                  .build(),
              FixBrokenPrsImpl.class,
              PrRepairImpl.class)
          .setDoNotStart(true)
          .build();

  /** One pane, busy or idle as the test says. */
  static final class OnePane implements TmuxActivities {
    volatile boolean busy;

    @Override
    public SessionState ensureSession() {
      return new SessionState("Kimi", paneStatus(), List.of());
    }

    @Override
    public List<PaneStatus> paneStatus() {
      return List.of(new PaneStatus("Kimi:0.0", "%1", !busy, true, busy ? "vim" : "bash", "", ""));
    }
  }

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private RecordingActivities fakes;
  private final OnePane pane = new OnePane();

  /** The merge queue's answers, in order; then MERGED. */
  private final Deque<LandStatus> queue = new ArrayDeque<>();

  private long broken;
  private int runs;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    fakes = new RecordingActivities(client);
    fakes.temporal.answer =
        t -> {
          LandStatus s;
          synchronized (queue) {
            s = queue.isEmpty() ? LandStatus.MERGED : queue.poll();
          }
          return new LandResult(
              t.pull(), s, "pushed-1", s == LandStatus.MERGED ? "merge-1" : "", false, "", null);
        };
    // The loop's PR of #7, whose CI the queue finds red.
    broken =
        fakes
            .gitea
            .createPull(new NewPull("[loop-cycle-1] fix: x (#7)", "Closes #7", "fix/7-x", "main"))
            .number();
    worker.registerActivitiesImplementations(fakes.all());
    worker.registerActivitiesImplementations(pane);
    testEnv.start();
  }

  private FixReport fix() {
    FixBrokenPrs phase =
        client.newWorkflowStub(
            FixBrokenPrs.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("timmy-cycle-" + ++runs + "/phase-1-fix-broken-prs")
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return phase.fix(new FixInput(runs, false, RecordingActivities.settings()));
  }

  @Test
  void aPrWaitingOnlyForAFreePaneIsNotBrokenAndIsRepairedOnceOneIsFree() {
    queue.add(LandStatus.CI_FAILED);
    queue.add(LandStatus.CI_FAILED);
    pane.busy = true;

    FixReport waiting = fix();

    assertEquals(
        List.of(), waiting.leftBroken(), "not broken, so the cycle is not blocked: " + waiting);
    assertEquals(List.of(broken), waiting.untouched(), waiting.toString());
    assertTrue(
        waiting.summary().contains("[" + broken + "] waiting for a free pane"), waiting.summary());
    assertTrue(fakes.kimi.dispatched.isEmpty(), "no agent on a busy pane");

    pane.busy = false;
    FixReport next = fix();

    assertEquals(List.of(broken), next.repaired(), next.toString());
    assertEquals(List.of(broken), next.merged(), next.toString());
    assertEquals(List.of(), next.leftBroken(), next.toString());
    assertEquals("pr-" + broken + "-2-a1", fakes.kimi.dispatched.get(0).jobId());
  }

  @Test
  void aRepairThatGivesUpHandsItsFindingToThePhase() {
    queue.add(LandStatus.CI_FAILED);
    fakes.tox.results.add(RecordingTox.failed("tests/test_app.py::test_a"));
    fakes.tox.results.add(RecordingTox.failed("tests/test_app.py::test_a"));
    fakes.gitea.statuses.add(RecordingGitea.status("", "failure"));

    FixReport r = fix();

    assertEquals(List.of(broken), r.parked(), r.toString());
    Finding f = only(r.findings());
    assertEquals("agent output rejected on PR #" + broken, f.title());
    assertTrue(
        f.body().contains("Attempt 1 rejected") && f.body().contains("Attempt 2 rejected"),
        f.body());
    assertTrue(f.body().contains("tests/test_app.py::test_a"), "a rejection reason: " + f.body());
  }

  @Test
  void aRepairThatFailsForGoodLeavesThePrBrokenAndItsRuntimeErrorReported() {
    queue.add(LandStatus.CI_FAILED);
    fakes.git.pushFailure =
        ApplicationFailure.newNonRetryableFailure("remote hung up", "GitBroken");

    FixReport r = fix();

    assertEquals(List.of(broken), r.leftBroken(), r.toString());
    Finding f = only(r.findings());
    assertTrue(
        f.title().startsWith("runtime error in ") && f.title().endsWith(": GitBroken"), f.title());
    assertTrue(
        f.body().contains(PrRepair.workflowId(broken)), "names the repair's workflow: " + f.body());
    assertTrue(fakes.git.calls.contains("removeWorktree /wt/fix/7-x"), "the repair cleaned up");
  }

  private static Finding only(List<Finding> findings) {
    assertEquals(1, findings == null ? 0 : findings.size(), String.valueOf(findings));
    return findings.get(0);
  }
}
