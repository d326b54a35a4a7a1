package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for CI inside one activity: a poll per second and a heartbeat per poll, instead of a timer and
 * an activity per poll in the workflow's history. A retried attempt resumes from the heartbeat's
 * deadline, so a worker restart does not extend the time limit.
 */
final class StatusWaiter {
  static final Duration POLL = Duration.ofMillis(500);

  private StatusWaiter() {}

  static CombinedStatus await(Supplier<CombinedStatus> poll, long timeoutSeconds) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long deadline =
        ctx.getHeartbeatDetails(Long.class)
            .orElse(System.currentTimeMillis() + Duration.ofSeconds(timeoutSeconds).toMillis());
    while (true) {
      CombinedStatus status = poll.get();
      if (!status.waiting() || System.currentTimeMillis() >= deadline) return status;
      ctx.heartbeat(deadline);
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
  }
}
