package dev.timmyloop.workflows.merge;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.activities.temporal.TemporalActivities.LandingRequest;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/** A workflow that asks the {@link MergeQueue} to land a PR and waits for the answer. */
public interface LandingRequester {

  /** Signal name used by the queue (the requester's type is not known to it). */
  String LANDED_SIGNAL = "landed";

  /** How long the merge queue may take past the CI timeout (rebase and a second CI run). */
  long QUEUE_GRACE_SECONDS = 600;

  @SignalMethod(name = LANDED_SIGNAL)
  void landed(LandResult result);

  /**
   * Asks the repository's merge queue to land {@code pull}, then waits for {@code answered}; false
   * when no answer came within the CI timeout (one per speculative round) and {@link
   * #QUEUE_GRACE_SECONDS}.
   */
  static boolean landThroughQueue(
      LoopSettings s,
      long pull,
      String sha,
      String title,
      String body,
      Supplier<Boolean> answered) {
    Stubs.shared()
        .temporal("queue PR #" + pull + " for merge")
        .requestLanding(
            new LandingRequest(
                MergeQueue.workflowId(s.repository()),
                new LandTicket(
                    Workflow.getInfo().getWorkflowId(),
                    pull,
                    sha,
                    title,
                    body,
                    s.ciTimeoutSeconds())));
    return Workflow.await(Duration.ofSeconds(patienceSeconds(s)), answered);
  }

  /** How long a requester waits for the queue's answer. */
  public static long patienceSeconds(LoopSettings s) {
    // A speculative candidate may be rebuilt (and run CI again) when main moves under it.
    long ciRuns = s.speculative() ? SpeculativePolicy.ROUNDS : 1;
    return s.ciTimeoutSeconds() * ciRuns + QUEUE_GRACE_SECONDS;
  }
}
