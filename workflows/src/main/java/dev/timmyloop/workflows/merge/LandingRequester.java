package dev.timmyloop.workflows.merge;

import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import io.temporal.workflow.SignalMethod;

/** A workflow that asks the {@link MergeQueue} to land a PR and waits for the answer. */
public interface LandingRequester {

  /** Signal name used by the queue (the requester's type is not known to it). */
  String LANDED_SIGNAL = "landed";

  @SignalMethod(name = LANDED_SIGNAL)
  void landed(LandResult result);
}
