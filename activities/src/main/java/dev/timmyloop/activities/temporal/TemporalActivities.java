package dev.timmyloop.activities.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Calls to Temporal itself that workflow code cannot make: signal-with-start of the merge queue.
 */
@ActivityInterface(namePrefix = "Temporal.")
public interface TemporalActivities {

  /**
   * Workflow type of the per-repository merge queue; its id is {@code timmy-merge-<owner>-<repo>}.
   */
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

  /** Signal-with-start of the merge queue: starts it when it is not running. */
  @ActivityMethod
  void requestLanding(LandingRequest request);
}
