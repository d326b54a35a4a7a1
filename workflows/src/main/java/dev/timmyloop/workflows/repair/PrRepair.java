package dev.timmyloop.workflows.repair;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.workflows.phases.Phases.Finding;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Repairs one broken PR ({@code timmy-pr-<N>-repair}): a worktree on the PR branch, the CI failure
 * log and the conflict in the prompt, the agent fixes, tests, commit, push, CI. After two failed
 * repairs the PR is parked with a comment and the {@code needs-human} label, so it stops blocking
 * the loop.
 */
@WorkflowInterface
public interface PrRepair {

  enum Reason {
    CI_FAILED,
    CONFLICT
  }

  /**
   * @param host the host of {@code pane}; blank means the home host
   */
  record RepairInput(
      int cycle,
      long pull,
      String title,
      String headBranch,
      Reason reason,
      String pane,
      LoopSettings settings,
      String host) {}

  enum Outcome {
    /** CI is green on {@code headSha}: ready to land. */
    REPAIRED,
    PARKED,
    /** Merged or closed by someone else meanwhile. */
    GONE
  }

  /**
   * @param findings what the repair saw that deserves an issue (phase 1 hands them to the cycle)
   */
  record RepairResult(
      long pull,
      Outcome outcome,
      String headSha,
      int attempts,
      String reason,
      List<Finding> findings) {}

  static String workflowId(long pull) {
    return "timmy-pr-" + pull + "-repair";
  }

  @WorkflowMethod
  RepairResult repair(RepairInput input);
}
