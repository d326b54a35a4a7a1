package dev.timmyloop.workflows.phases;

import dev.timmyloop.workflows.issue.JobEndListener;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Phase 5: await landings. Each {@code IssueJob} lands its own PR; this phase waits until at least
 * one job of the cycle has ended or, when issues wait, freed its pane (every job ended with {@code
 * landAll}) or the cycle's budget is spent, and reports. The jobs tell the cycle how they ended
 * ({@link JobEndListener}); the cycle hands every end, also those from before this phase started,
 * on to this phase by the same signal.
 */
@WorkflowInterface
public interface AwaitLandings extends JobEndListener {

  /**
   * @param issuesWait unclaimed issues wait for a pane: a job that frees its pane (pushed, PR open)
   *     counts as done here, so the next cycle can dispatch to it; without {@code landAll} only
   * @param older issues whose jobs, dispatched by earlier cycles, hold a pane: while issues wait,
   *     this phase adopts them (they tell this cycle too), so their freed panes count as well
   */
  record AwaitInput(
      int cycle,
      List<Assignment> jobs,
      boolean landAll,
      long budgetSeconds,
      boolean issuesWait,
      List<Long> older) {
    public AwaitInput(
        int cycle, List<Assignment> jobs, boolean landAll, long budgetSeconds, boolean issuesWait) {
      this(cycle, jobs, landAll, budgetSeconds, issuesWait, List.of());
    }
  }

  /**
   * @param findings what the ended jobs saw, for the cycle to file
   */
  record LandingsReport(
      List<Long> landed,
      List<Long> failed,
      List<Long> pending,
      List<JobEnd> jobs,
      String summary,
      List<Phases.Finding> findings) {}

  @WorkflowMethod
  LandingsReport await(AwaitInput input);
}
