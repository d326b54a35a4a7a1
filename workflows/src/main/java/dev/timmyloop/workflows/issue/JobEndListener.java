package dev.timmyloop.workflows.issue;

import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import io.temporal.workflow.SignalMethod;

/**
 * A workflow that hears when an {@link IssueJob} ends: the cycle that dispatched it, and the cycle's
 * phase 5, to which the cycle hands each end on. Replaces polling the jobs' status.
 */
public interface JobEndListener {

  /** Signal name used by the job (the listener's type is not known to it). */
  String JOB_ENDED_SIGNAL = "jobEnded";

  @SignalMethod(name = JOB_ENDED_SIGNAL)
  void jobEnded(IssueJobResult result);
}
