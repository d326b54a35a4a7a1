package dev.timmyloop.workflows.issue;

import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;

/**
 * A workflow that hears when an {@link IssueJob} ends: the cycle that dispatched it, and the
 * cycle's phase 5, to which the cycle hands each end on. Replaces polling the jobs' status.
 */
public interface JobEndListener {

  /** Signal name used by the job (the listener's type is not known to it). */
  String JOB_ENDED_SIGNAL = "jobEnded";

  String PANE_FREED_SIGNAL = "paneFreed";

  @SignalMethod(name = JOB_ENDED_SIGNAL)
  void jobEnded(IssueJobResult result);

  /** The job of {@code issue} pushed and opened its PR: its pane is free, its issue in flight. */
  @SignalMethod(name = PANE_FREED_SIGNAL)
  void paneFreed(long issue);

  /** From a job's workflow code: tells its cycle that its pane is free; see {@link #tell}. */
  static void tellPaneFreed(String cycleWorkflowId, long issue) {
    signal(cycleWorkflowId, PANE_FREED_SIGNAL, issue, issue);
  }

  /**
   * From a job's workflow code: tells {@code cycleWorkflowId} how the job ended. The cycle may have
   * moved on and closed; that is no failure of the job (state.json records its end all the same).
   */
  static void tell(String cycleWorkflowId, IssueJobResult result) {
    signal(cycleWorkflowId, JOB_ENDED_SIGNAL, result, result.issue());
  }

  private static void signal(String cycleWorkflowId, String name, Object arg, long issue) {
    if (cycleWorkflowId == null || cycleWorkflowId.isEmpty()) return;
    try {
      Workflow.newUntypedExternalWorkflowStub(cycleWorkflowId).signal(name, arg);
    } catch (RuntimeException e) {
      Workflow.getLogger(JobEndListener.class)
          .info("#{}: could not tell {} {} ({})", issue, cycleWorkflowId, name, e.getMessage());
    }
  }
}
