package dev.timmyloop.workflows.phases;

import dev.timmyloop.workflows.issue.JobEndListener;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Phase 5: poll and land. Each {@code IssueJob} lands its own PR; this phase waits until at least one job
 * of the cycle has ended (every job with {@code landAll}) or the cycle's budget is spent, and reports.
 * The jobs tell the cycle how they ended ({@link JobEndListener}); the cycle hands every end, also
 * those from before this phase started, on to this phase by the same signal.
 */
@WorkflowInterface
public interface PollAndLand extends JobEndListener {

  /**
   * @param signalled the ends arrive as signals; false or null (phases started before signals): poll
   *     Temporal for them
   */
  record PollInput(int cycle, List<Assignment> jobs, boolean landAll, long budgetSeconds, Boolean signalled) {
    public PollInput(int cycle, List<Assignment> jobs, boolean landAll, long budgetSeconds) {
      this(cycle, jobs, landAll, budgetSeconds, null);
    }
  }

  /** @param findings what the ended jobs saw, for the cycle to file */
  record PollReport(
      List<Long> landed,
      List<Long> failed,
      List<Long> pending,
      List<JobEnd> jobs,
      String summary,
      List<Phases.Finding> findings) {
    public PollReport(List<Long> landed, List<Long> failed, List<Long> pending, List<JobEnd> jobs, String summary) {
      this(landed, failed, pending, jobs, summary, List.of());
    }
  }

  @WorkflowMethod
  PollReport poll(PollInput input);
}
