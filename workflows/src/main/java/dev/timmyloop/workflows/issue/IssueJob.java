package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.workflows.merge.LandingRequester;
import dev.timmyloop.workflows.phases.Phases.Finding;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One issue from claim to squash merge ({@code timmy-issue-<N>}): worktree on {@code
 * <kind>/<N>-<slug>}, the agent with the git-safety prompt, review, tests, commit through the
 * hooks, push, PR {@code [loop-cycle-<C>] <kind>: <title> (#<N>)} ({@link IssueKind}), CI on the
 * exact head, squash merge through the {@code MergeQueue}. Whatever happens, the worktree is
 * removed, the claim dropped and the pane freed. A cancelled job cleans up and then closes as
 * CANCELED (a cancelled workflow cannot return a value).
 */
@WorkflowInterface
public interface IssueJob extends LandingRequester {

  /**
   * @param claim the job's claim: its cycle, and the pane and host it runs on
   * @param configuredAgent the configured agent profile's name, for summaries; null when not known
   *     (the job still runs the configured agent: its requests leave the agent blank)
   */
  record IssueJobInput(
      int cycle,
      long issue,
      String title,
      Holder claim,
      LoopSettings settings,
      String configuredAgent) {}

  enum Outcome {
    LANDED,
    /** Already merged by someone else while we waited: nothing left to do. */
    MERGED_ELSEWHERE,
    /** The agent produced no acceptable change after two attempts; the issue got a comment. */
    GAVE_UP,
    /** CI failed or never finished; the PR is left open with a comment. */
    NOT_MERGED,
    /**
     * A step failed in a way retrying cannot fix (the reason names it); cleaned up all the same.
     */
    FAILED
  }

  /**
   * The job also signals this to the cycle named in its claim ({@link JobEndListener}), which hands
   * it to phase 5.
   *
   * @param pane where the job ended: {@code Kimi:0.2}, or {@code Kimi:0.2@b} with several hosts
   * @param agentRuns attempts (a re-dispatch after RETRY_LATER is part of its attempt)
   * @param agent the profile of the last agent job; empty when none ran
   * @param agentOutcomes every agent job's outcome in order, space-separated, e.g. {@code
   *     RETRY_LATER COMPLETED}
   * @param agentSeconds how long the agent jobs ran, together
   * @param findings what the job saw that deserves an issue (phase 5 hands them to the cycle)
   */
  record IssueJobResult(
      long issue,
      String pane,
      Outcome outcome,
      long pull,
      String mergeCommitSha,
      int agentRuns,
      String reason,
      long durationSeconds,
      String agent,
      String agentOutcomes,
      long agentSeconds,
      List<Finding> findings) {}

  static String workflowId(long issue) {
    return "timmy-issue-" + issue;
  }

  @WorkflowMethod
  IssueJobResult run(IssueJobInput input);

  /**
   * A later cycle adopts this job while it holds a pane: it tells that cycle too when the pane is
   * free (at once if it is already) and when it ends.
   */
  @SignalMethod
  void listenTo(String cycleWorkflowId);

  /** The step running now, e.g. {@code awaiting claude on Kimi:0.2 (issue-12-3-a1)}. */
  @QueryMethod
  String step();
}
