package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.git.GitActivities;
import dev.timmyloop.activities.git.GitActivities.Changes;
import dev.timmyloop.activities.git.GitActivities.ChangesQuery;
import dev.timmyloop.activities.git.GitActivities.CommitOutcome;
import dev.timmyloop.activities.git.GitActivities.CommitRequest;
import dev.timmyloop.activities.kimi.KimiActivities;
import dev.timmyloop.activities.kimi.KimiActivities.AwaitRequest;
import dev.timmyloop.activities.kimi.KimiActivities.JobOutcome;
import dev.timmyloop.activities.kimi.KimiActivities.JobRequest;
import dev.timmyloop.activities.kimi.KimiActivities.JobResult;
import dev.timmyloop.activities.tox.ToxActivities;
import dev.timmyloop.activities.tox.ToxActivities.TestRequest;
import dev.timmyloop.activities.tox.ToxActivities.TestRun;
import dev.timmyloop.workflows.support.ActivityProfiles;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * One agent attempt as phase 5 of the old loop judged it: run the agent, review its diff, run the
 * tests, commit through the hooks. Workflow code (not pure): build it in a workflow's field
 * initializer. A rejection is a value whose reason becomes the next attempt's feedback; only
 * surprises throw.
 */
public final class AgentAttempt {
  private static final Logger log = Workflow.getLogger(AgentAttempt.class);

  /** Tail of agent/test output carried into feedback. */
  static final int FEEDBACK_TAIL = 3000;

  /**
   * @param jobId stable across retries and replays, e.g. {@code issue-12-3-a1}
   * @param base what the diff is reviewed against, e.g. {@code origin/main}
   * @param reviewFirst review before testing and committing (the usual order); false reviews the
   *     commit instead, for a merge of the base left uncommitted, whose diff only makes sense once
   *     concluded
   */
  public record Request(
      String jobId,
      String pane,
      String worktreePath,
      String prompt,
      String base,
      List<String> protectedPaths,
      long agentTimeoutSeconds,
      String testLabel,
      String commitMessage,
      boolean reviewFirst) {}

  /**
   * @param changes what the accepted attempt changed (for the PR body); null when rejected early
   */
  public record Result(boolean accepted, String reason, String commitSha, Changes changes) {
    static Result reject(String reason) {
      return new Result(false, reason, "", null);
    }
  }

  private final KimiActivities kimi =
      Workflow.newActivityStub(KimiActivities.class, ActivityProfiles.KIMI_DISPATCH);
  private final KimiActivities kimiAwait =
      Workflow.newActivityStub(KimiActivities.class, ActivityProfiles.KIMI_AWAIT);
  private final GitActivities git =
      Workflow.newActivityStub(GitActivities.class, ActivityProfiles.GIT);
  private final ToxActivities tox =
      Workflow.newActivityStub(ToxActivities.class, ActivityProfiles.TOX);
  private final Consumer<String> step;

  /** The job that may still run in its pane (dispatched, its end not yet seen); null when none. */
  private String runningJob;

  public AgentAttempt(Consumer<String> step) {
    this.step = step;
  }

  public Result run(Request r) {
    step.accept("dispatching " + r.jobId() + " to " + r.pane());
    // Set before dispatch: a dispatch cut short by cancellation may still have reached the pane.
    runningJob = r.jobId();
    kimi.dispatch(new JobRequest(r.jobId(), r.pane(), r.worktreePath(), r.prompt()));
    step.accept("awaiting kimi on " + r.pane() + " (" + r.jobId() + ")");
    JobResult job =
        kimiAwait.awaitJob(new AwaitRequest(r.jobId(), r.pane(), r.agentTimeoutSeconds()));
    runningJob = null;
    if (job.outcome() != JobOutcome.COMPLETED) {
      return Result.reject(agentFeedback(job));
    }
    Changes changes = null;
    if (r.reviewFirst()) {
      changes = git.changes(new ChangesQuery(r.worktreePath(), r.base()));
      String rejected = review(r, changes);
      if (rejected != null) return Result.reject(rejected);
    }
    step.accept("running the tests for " + r.jobId());
    TestRun tests = tox.runTests(new TestRequest(r.worktreePath(), r.testLabel()));
    if (!tests.passed()) {
      return Result.reject(testFeedback(tests));
    }
    step.accept("committing " + r.jobId());
    CommitOutcome commit = git.commit(new CommitRequest(r.worktreePath(), r.commitMessage()));
    switch (commit.status()) {
      case COMMITTED:
        break;
      case HOOK_REJECTED:
        return Result.reject(
            "A git hook rejected the commit. Fix what it reports. Its output:\n"
                + Text.tail(commit.hookOutput(), FEEDBACK_TAIL));
      default:
        // The agent was to leave its work uncommitted; most likely it committed itself, which only
        // the loop may do (through the hooks), or it changed nothing.
        return Result.reject(
            "There was nothing to commit. Make your change and leave it uncommitted for the loop;"
                + " do not commit yourself.");
    }
    if (!r.reviewFirst()) {
      changes = git.changes(new ChangesQuery(r.worktreePath(), r.base()));
      String rejected = review(r, changes);
      if (rejected != null) return Result.reject(rejected + " (Your commit stays; fix it on top.)");
    }
    return new Result(true, "", commit.sha(), changes);
  }

  private String review(Request r, Changes changes) {
    step.accept("reviewing the diff of " + r.jobId());
    Review.Decision review = Review.check(changes, r.protectedPaths());
    return review.accepted() ? null : "The review rejected your change: " + review.reason();
  }

  /** Compensation: interrupts the job if it may still be running. Call from a detached scope. */
  public void cancelRunning() {
    if (runningJob == null) return;
    try {
      kimi.cancelJob(runningJob);
      runningJob = null;
    } catch (ActivityFailure e) {
      log.warn("could not cancel agent job {}: {}", runningJob, e.getMessage());
    }
  }

  static String agentFeedback(JobResult job) {
    return "The agent run ended "
        + job.outcome()
        + " (exit code "
        + job.exitCode()
        + ") without an accepted change. End of its output:\n"
        + Text.tail(job.outputTail(), FEEDBACK_TAIL);
  }

  public static String testFeedback(TestRun t) {
    StringBuilder s = new StringBuilder("The tests failed");
    if (t.timedOut()) s.append(" (they ran past their time limit)");
    s.append(": ")
        .append(t.testsFailed())
        .append(" failed, ")
        .append(t.testsErrored())
        .append(" errored.");
    if (t.failingTests() != null && !t.failingTests().isEmpty()) {
      s.append("\nFailing tests:");
      for (String id : t.failingTests()) s.append("\n- ").append(id);
    }
    s.append("\nEnd of the output:\n").append(Text.tail(t.outputTail(), FEEDBACK_TAIL));
    return s.toString();
  }
}
