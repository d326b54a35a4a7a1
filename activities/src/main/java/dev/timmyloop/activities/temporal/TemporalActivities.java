package dev.timmyloop.activities.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * Calls to Temporal itself that workflow code cannot make: signal-with-start of the merge queue, and
 * (for phases from before job-end signals) waiting for workflows that are not our children.
 */
@ActivityInterface(namePrefix = "Temporal.")
public interface TemporalActivities {

  /** Workflow type of the per-repository merge queue; its id is {@code timmy-merge-<owner>-<repo>}. */
  String MERGE_QUEUE_TYPE = "MergeQueue";

  /** The signal of the merge queue that takes a {@link LandTicket}. */
  String ENQUEUE_SIGNAL = "enqueue";

  /**
   * A request to land {@code pull}.
   *
   * @param requesterWorkflowId who gets the result signal ({@code landed})
   * @param expectedHeadSha the head the requester saw green (empty: the queue waits for CI itself)
   */
  record LandTicket(
      String requesterWorkflowId,
      long pull,
      String expectedHeadSha,
      String title,
      String message,
      long ciTimeoutSeconds) {}

  record LandingRequest(String queueWorkflowId, LandTicket ticket) {}

  /**
   * @param all wait for every workflow to close; otherwise for the first
   * @param timeoutSeconds return what has closed by then
   */
  record AwaitWorkflows(List<String> workflowIds, boolean all, long timeoutSeconds) {}

  /**
   * @param status RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, TIMED_OUT, CONTINUED_AS_NEW, or
   *     NOT_FOUND
   * @param result the top-level scalar fields of a completed workflow's result (e.g. {@code outcome})
   * @param findings the scalar fields of each entry of the result's {@code findings} list (at most 10)
   */
  record WorkflowEnd(
      String workflowId, String status, Map<String, String> result, String failure, List<Map<String, String>> findings) {
    public WorkflowEnd(String workflowId, String status, Map<String, String> result, String failure) {
      this(workflowId, status, result, failure, List.of());
    }
  }

  /** Signal-with-start of the merge queue: starts it when it is not running. */
  @ActivityMethod
  void requestLanding(LandingRequest request);

  /**
   * Polls until the workflows close. Only phase-5 runs started before issue jobs signalled their
   * ends call it; it stays for them and for replaying their histories.
   */
  @ActivityMethod
  List<WorkflowEnd> awaitWorkflows(AwaitWorkflows request);
}
