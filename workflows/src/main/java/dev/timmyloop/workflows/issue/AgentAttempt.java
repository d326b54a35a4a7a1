package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.agent.AgentActivities;
import dev.timmyloop.activities.agent.AgentActivities.AwaitRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import dev.timmyloop.activities.git.GitActivities.Changes;
import dev.timmyloop.activities.git.GitActivities.ChangesQuery;
import dev.timmyloop.activities.git.GitActivities.CommitOutcome;
import dev.timmyloop.activities.git.GitActivities.CommitRequest;
import dev.timmyloop.activities.git.GitActivities.CommitStatus;
import dev.timmyloop.activities.tests.TestActivities;
import dev.timmyloop.activities.tests.TestActivities.TestRequest;
import dev.timmyloop.activities.tests.TestActivities.TestRun;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /** How often a job whose model endpoint was unreachable is sent again (after 1, 2, 3 min). */
  static final int LATER_TRIES = 3;

  /**
   * @param jobId stable across retries and replays, e.g. {@code issue-12-3-a1}
   * @param subject what the attempt is for, in summaries: {@code #12}, {@code PR #5}
   * @param branch the worktree's branch, in summaries
   * @param testCommand the configured test command, in summaries
   * @param base what the diff is reviewed against, e.g. {@code origin/main}
   * @param reviewFirst review before testing and committing (the usual order); false reviews the
   *     commit instead, for a merge of the base left uncommitted, whose diff only makes sense once
   *     concluded
   * @param agent the agent profile; blank means the configured one
   * @param configuredAgent the configured profile's name, for summaries; blank when not known
   */
  public record Request(
      String jobId,
      String subject,
      String pane,
      String branch,
      String worktreePath,
      String prompt,
      String base,
      List<String> protectedPaths,
      long agentTimeoutSeconds,
      String testLabel,
      String testCommand,
      String commitMessage,
      boolean reviewFirst,
      String agent,
      String configuredAgent) {}

  /**
   * One agent job as it ended, for {@code state.json}: a re-dispatch after RETRY_LATER is a run of
   * its own.
   */
  public record Run(String agent, String pane, JobOutcome outcome, long durationMillis) {}

  /**
   * @param changes what the accepted attempt changed (for the PR body); null when rejected early
   */
  public record Result(boolean accepted, String reason, String commitSha, Changes changes) {
    static Result reject(String reason) {
      return new Result(false, reason, "", null);
    }
  }

  private final Consumer<String> step;

  /** The job that may still run in its pane (dispatched, its end not yet seen); null when none. */
  private String runningJob;

  /** Where {@link #runningJob} runs. */
  private Stubs runningOn;

  /** How the last agent run ended (its profile and output tail name a finding); null before one. */
  private JobResult lastRun;

  private final List<Finding> flaky = new ArrayList<>();

  private final List<Run> runs = new ArrayList<>();

  public AgentAttempt(Consumer<String> step) {
    this.step = step;
  }

  /** Runs the attempt with the activities of {@code on} (the host of the pane and worktree). */
  public Result run(Stubs on, Request r) {
    JobResult job = runJob(on, r, r.jobId());
    // The endpoint was unreachable: send the same attempt again later, under a new job id (the old
    // one's folder is done), without counting it as a rejection.
    for (int later = 1; job.outcome() == JobOutcome.RETRY_LATER && later <= LATER_TRIES; later++) {
      step.accept(
          "%s could not reach its model; trying %s again in %s min"
              .formatted(name(r), r.jobId(), later));
      Workflow.sleep(Duration.ofMinutes(later));
      job = runJob(on, r, r.jobId() + "-later" + later);
    }
    lastRun = job;
    if (job.outcome() == JobOutcome.UNUSABLE) {
      throw ApplicationFailure.newNonRetryableFailure(
          "%s cannot run as configured (exit code %s). End of its output:\n%s"
              .formatted(name(r), job.exitCode(), Text.tail(job.outputTail(), FEEDBACK_TAIL)),
          FailureTypes.AGENT_UNUSABLE);
    }
    if (job.outcome() != JobOutcome.COMPLETED) return Result.reject(agentFeedback(job));
    Changes changes = null;
    if (r.reviewFirst()) {
      changes =
          on.git("diff of " + r.branch()).changes(new ChangesQuery(r.worktreePath(), r.base()));
      String rejected = review(r, changes);
      if (rejected != null) return Result.reject(rejected);
    }
    step.accept("running the tests for " + r.jobId());
    TestRun tests =
        on.callAgainOnLoss(
            TestActivities.class,
            ActivityProfiles.TESTS,
            r.testCommand() + " in " + r.branch(),
            t -> t.runTests(new TestRequest(r.worktreePath(), r.testLabel())));
    if (!tests.passed() && !tests.timedOut()) tests = rerun(on, r, tests);
    if (!tests.passed()) return Result.reject(testFeedback(tests));
    step.accept("committing " + r.jobId());
    CommitOutcome commit =
        on.git("commit " + r.branch() + " through the hooks")
            .commit(new CommitRequest(r.worktreePath(), r.commitMessage(), squashBase(r)));
    if (commit.status() == CommitStatus.HOOK_REJECTED
        && Formatting.looksLikeStyle(commit.hookOutput())) {
      commit = Formatting.formatAndCommit(on, r, step);
    }
    switch (commit.status()) {
      case COMMITTED:
        break;
      case HOOK_REJECTED:
        return Result.reject(
            "A git hook rejected the commit. Fix what it reports. Its output:\n"
                + Text.tail(commit.hookOutput(), FEEDBACK_TAIL));
      default:
        // An issue's own commits are squashed, so nothing means no change; a repair (merge left
        // uncommitted) that committed itself lands here too.
        return Result.reject(
            r.reviewFirst()
                ? "There was nothing to commit: the branch has no change against its base."
                : "There was nothing to commit. Make your change and leave it uncommitted for the loop;"
                    + " do not commit yourself.");
    }
    if (!r.reviewFirst()) {
      changes =
          on.git("diff of " + r.branch()).changes(new ChangesQuery(r.worktreePath(), r.base()));
      String rejected = review(r, changes);
      if (rejected != null) return Result.reject(rejected + " (Your commit stays; fix it on top.)");
    }
    return new Result(true, "", commit.sha(), changes);
  }

  /**
   * The issue path squashes the agent's own commits (the safety block tells it to commit); a repair
   * commits only its staged merge. A new field of the activity input: no command changes, no
   * version.
   */
  private static String squashBase(Request r) {
    return r.reviewFirst() ? r.base() : null;
  }

  /** Sends one job to the pane and waits for its end. */
  private JobResult runJob(Stubs on, Request r, String jobId) {
    String where = on.host().isEmpty() ? r.pane() : r.pane() + "@" + on.host();
    String name = name(r);
    step.accept("dispatching " + jobId + " to " + where);
    // Set before dispatch: a dispatch cut short by cancellation may still have reached the pane.
    runningJob = jobId;
    runningOn = on;
    on.stub(
            AgentActivities.class,
            ActivityProfiles.AGENT_DISPATCH,
            "send " + name + " to " + r.pane() + " for " + r.subject())
        .dispatch(new JobRequest(jobId, r.pane(), r.worktreePath(), r.prompt(), agentOf(r)));
    step.accept("awaiting " + name + " on " + where + " (" + jobId + ")");
    JobResult job =
        on.callAgainOnLoss(
            AgentActivities.class,
            ActivityProfiles.AGENT_AWAIT,
            name + " on " + r.pane() + " for " + r.subject(),
            a -> a.awaitJob(new AwaitRequest(jobId, r.pane(), r.agentTimeoutSeconds())));
    runningJob = null;
    String ran = job.agent() == null || job.agent().isBlank() ? name : job.agent();
    runs.add(new Run(ran, where, job.outcome(), job.durationMillis()));
    LoopMetrics.count(
        LoopMetrics.AGENT_ATTEMPTS,
        "agent",
        ran,
        "outcome",
        job.outcome().name().toLowerCase(Locale.ROOT));
    return job;
  }

  /**
   * The agent's profile name for summaries: the one asked for, else the configured one, else the
   * one an earlier job reported; {@code agent} when none is known yet.
   */
  String name(Request r) {
    if (!agentOf(r).isEmpty()) return agentOf(r);
    if (r.configuredAgent() != null && !r.configuredAgent().isBlank()) return r.configuredAgent();
    return runs.isEmpty() ? "agent" : runs.get(runs.size() - 1).agent();
  }

  private static String agentOf(Request r) {
    return r.agent() == null ? "" : r.agent().trim();
  }

  /** Every job this attempt sent so far, in order. */
  public List<Run> runs() {
    return List.copyOf(runs);
  }

  private String review(Request r, Changes changes) {
    step.accept("reviewing the diff of " + r.jobId());
    Review.Decision review = Review.check(changes, r.protectedPaths());
    return review.accepted() ? null : "The review rejected your change: " + review.reason();
  }

  /**
   * Failed tests run once more on the same change: one that passes now is flaky, not the agent's.
   */
  private TestRun rerun(Stubs on, Request r, TestRun failed) {
    step.accept("running the tests for " + r.jobId() + " again");
    TestRun again =
        on.callAgainOnLoss(
            TestActivities.class,
            ActivityProfiles.TESTS,
            r.testCommand() + " in " + r.branch() + " (rerun)",
            t -> t.runTests(new TestRequest(r.worktreePath(), r.testLabel() + "-rerun")));
    if (again.passed()) {
      String id =
          failed.failingTests() == null || failed.failingTests().isEmpty()
              ? "unknown test"
              : failed.failingTests().get(0);
      flaky.add(
          Findings.flakyTest(
              id, "the tests of " + r.subject() + " on " + r.branch(), failed.outputTail()));
    }
    return again;
  }

  /** Flaky tests seen by this job's attempts, for the cycle to file. */
  public List<Finding> flakyTests() {
    return List.copyOf(flaky);
  }

  /** How the last agent run ended; null before the first. */
  public JobResult lastRun() {
    return lastRun;
  }

  /** A push refused by a pre-push hook or the server, as the next attempt's feedback. */
  public static String pushFeedback(String refused) {
    return "The push of your commit was refused (a pre-push hook or the server). Fix what it reports."
        + " Its output:\n"
        + Text.tail(refused, FEEDBACK_TAIL);
  }

  /** Compensation: interrupts the job if it may still be running. Call from a detached scope. */
  public void cancelRunning() {
    if (runningJob == null) return;
    try {
      runningOn
          .stub(AgentActivities.class, ActivityProfiles.AGENT_DISPATCH, "cancel " + runningJob)
          .cancelJob(runningJob);
      runningJob = null;
    } catch (ActivityFailure e) {
      log.warn("could not cancel agent job {}: {}", runningJob, e.getMessage());
    }
  }

  /**
   * Forgets the running job without cancelling it: its host is gone, and nothing reaches it. (If
   * the host comes back, its pane finishes the job and nobody waits for it.)
   */
  public void forget() {
    runningJob = null;
  }

  static String agentFeedback(JobResult job) {
    if (job.outcome() == JobOutcome.SILENT) {
      return "The agent run was stopped: no output and no file change for the silence limit"
          + " (agentSilence, 10 min by default). Keep working in small visible steps."
          + " End of its output:\n"
          + Text.tail(job.outputTail(), FEEDBACK_TAIL);
    }
    if (job.outcome() == JobOutcome.RETRY_LATER) {
      return "The agent could not reach its model endpoint, also after "
          + LATER_TRIES
          + " later tries. End of its output:\n"
          + Text.tail(job.outputTail(), FEEDBACK_TAIL);
    }
    return "The agent run ended %s (exit code %s) without an accepted change. End of its output:\n"
            .formatted(job.outcome(), job.exitCode())
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
