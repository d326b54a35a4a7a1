package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for CI inside one activity: polls and a heartbeat per poll, instead of a timer and an
 * activity per poll in the workflow's history. The first polls come quickly (a short CI, or one
 * already finished, is seen within ~0.1 s) and then back off to {@link #MAX_POLL}, so a long CI
 * costs no more requests than a fixed half-second poll. A retried attempt resumes from the
 * heartbeat's deadline, so a worker restart does not extend the time limit.
 */
final class StatusWaiter {
  static final Duration FIRST_POLL = Duration.ofMillis(100);
  static final Duration MAX_POLL = Duration.ofMillis(500);

  private StatusWaiter() {}

  static CombinedStatus await(Supplier<CombinedStatus> poll, long timeoutSeconds) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long deadline =
        ctx.getHeartbeatDetails(Long.class)
            .orElse(System.currentTimeMillis() + Duration.ofSeconds(timeoutSeconds).toMillis());
    long pause = FIRST_POLL.toMillis();
    while (true) {
      CombinedStatus status = poll.get();
      if (!status.waiting() || System.currentTimeMillis() >= deadline) return status;
      ctx.heartbeat(deadline);
      try {
        Thread.sleep(Math.min(pause, Math.max(1, deadline - System.currentTimeMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
      pause = next(pause);
    }
  }

  /** The pause after {@code pause}: half as long again, at most {@link #MAX_POLL}. */
  static long next(long pause) {
    return Math.min(MAX_POLL.toMillis(), pause + pause / 2);
  }
}
