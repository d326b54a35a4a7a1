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

  @SignalMethod(name = JOB_ENDED_SIGNAL)
  void jobEnded(IssueJobResult result);

  /**
   * From a job's workflow code: tells {@code cycleWorkflowId} how the job ended. The cycle may have
   * moved on and closed; that is no failure of the job (state.json records its end all the same).
   */
  static void tell(String cycleWorkflowId, IssueJobResult result) {
    if (cycleWorkflowId == null || cycleWorkflowId.isEmpty()) return;
    try {
      Workflow.newUntypedExternalWorkflowStub(cycleWorkflowId).signal(JOB_ENDED_SIGNAL, result);
    } catch (RuntimeException e) {
      Workflow.getLogger(JobEndListener.class)
          .info(
              "#{}: could not tell {} that the job ended ({})",
              result.issue(),
              cycleWorkflowId,
              e.getMessage());
    }
  }
}
