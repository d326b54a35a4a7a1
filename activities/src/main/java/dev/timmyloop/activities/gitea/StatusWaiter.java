package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.BackgroundWaits;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for CI on a sha: polls with a heartbeat, instead of a timer and an activity per poll in the
 * workflow's history. The first polls come quickly (a short CI, or one already finished, is seen
 * within ~0.1 s); then the pause grows with the time waited (a fifth of it, at most {@link
 * #MAX_POLL}), so the verdict is seen at most a fifth late and a wait costs a few dozen requests
 * however long CI runs. A retried attempt resumes from the heartbeat's deadline, so a worker
 * restart does not extend the time limit.
 */
public final class StatusWaiter {
  static final Duration FIRST_POLL = Duration.ofMillis(100);
  static final Duration MAX_POLL = Duration.ofSeconds(15);

  private StatusWaiter() {}

  /** The wait's deadline: the first attempt's, kept in the heartbeat, or {@code timeout} on. */
  static long deadline(ActivityExecutionContext ctx, long timeoutSeconds) {
    return ctx.getHeartbeatDetails(Long.class)
        .orElse(System.currentTimeMillis() + Duration.ofSeconds(timeoutSeconds).toMillis());
  }

  /** Waits in the activity's own thread (holds its slot). */
  static CombinedStatus await(Supplier<CombinedStatus> poll, long timeoutSeconds) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long deadline = deadline(ctx, timeoutSeconds);
    long start = System.currentTimeMillis();
    while (true) {
      CombinedStatus status = poll.get();
      long now = System.currentTimeMillis();
      if (!status.waiting() || now >= deadline) return status;
      ctx.heartbeat(deadline);
      try {
        Thread.sleep(Math.min(pause(now - start), Math.max(1, deadline - now)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
  }

  /** The same wait as a background one: no slot held while CI runs. */
  static BackgroundWaits.Wait background(Supplier<CombinedStatus> poll, long deadline) {
    long start = System.currentTimeMillis();
    return new BackgroundWaits.Wait() {
      @Override
      public Optional<Object> check() {
        CombinedStatus status = poll.get();
        boolean over = !status.waiting() || System.currentTimeMillis() >= deadline;
        return over ? Optional.of(status) : Optional.empty();
      }

      @Override
      public long nextCheckMillis() {
        long now = System.currentTimeMillis();
        return Math.min(pause(now - start), Math.max(1, deadline - now));
      }

      @Override
      public Object progress() {
        return deadline;
      }
    };
  }

  /** The pause after waiting {@code waitedMillis}: a fifth of it, within the bounds. */
  public static long pause(long waitedMillis) {
    return Math.max(FIRST_POLL.toMillis(), Math.min(MAX_POLL.toMillis(), waitedMillis / 5));
  }
}
