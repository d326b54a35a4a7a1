package dev.timmyloop.activities;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityNotExistsException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits that hold no activity slot. A long wait (CI on a sha, an agent job in a pane) registers
 * here and its activity returns at once without completing; one thread checks every wait,
 * heartbeats each through the completion client and completes the activity when the wait ends. So a
 * hundred waiting PRs or panes cost one thread and no slot: short activities never queue behind
 * them.
 *
 * <p>Durability is the heartbeat's, as for a blocking activity: a worker that dies stops beating,
 * the attempt times out, and the retry registers again wherever it runs, resuming from the last
 * heartbeat's details.
 */
public final class BackgroundWaits implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundWaits.class);

  /** One thing waited for; its methods run on the waits' thread only. */
  public interface Wait {
    /** Checks once: the activity's result when the wait is over, empty while it goes on. */
    Optional<Object> check() throws Exception;

    /** Milliseconds until the next check. */
    long nextCheckMillis();

    /** What each heartbeat carries, for a retry to resume from. */
    Object progress();

    /** The activity was canceled: stop what was waited for. */
    default void canceled() {}
  }

  /** After a heartbeat that did not get through (the server out of reach), the next try. */
  private static final long RETRY_BEAT_MILLIS = 1_000;

  private final String name;
  private final ActivityCompletionClient client;
  private final long beatMillis;
  private final long giveUpMillis;
  private final ScheduledThreadPoolExecutor thread;
  private final Set<Entry> waiting = ConcurrentHashMap.newKeySet();

  /**
   * @param heartbeatTimeout the waiting activities' heartbeat timeout: each beats every three
   *     fifths of it (the SDK's own throttle is four fifths), and a wait that could not beat for
   *     twice as long is dropped (its attempt timed out; the retry owns the wait now)
   */
  public BackgroundWaits(String name, ActivityCompletionClient client, Duration heartbeatTimeout) {
    this.name = name;
    this.client = client;
    this.beatMillis = Math.max(1, heartbeatTimeout.toMillis() * 3 / 5);
    this.giveUpMillis = 2 * heartbeatTimeout.toMillis();
    this.thread =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "timmy-waits-" + name);
              t.setDaemon(true);
              return t;
            });
    thread.setRemoveOnCancelPolicy(true);
    // No thread while nothing waits (a test JVM builds many of these).
    thread.setKeepAliveTime(30, TimeUnit.SECONDS);
    thread.allowCoreThreadTimeOut(true);
  }

  /** How many waits are registered now (for metrics and tests). */
  public int waiting() {
    return waiting.size();
  }

  /**
   * Takes over the current activity: it returns without completing, and {@code wait} completes it.
   */
  public void start(ActivityExecutionContext ctx, Wait wait) {
    Entry entry = new Entry(ctx.getTaskToken(), wait, ctx.getInfo().getActivityId());
    entry.nextBeat = entry.lastBeat + beatMillis;
    ctx.doNotCompleteOnReturn();
    waiting.add(entry);
    try {
      thread.execute(() -> step(entry));
    } catch (RejectedExecutionException closed) {
      waiting.remove(entry);
      throw ApplicationFailure.newFailure(
          "the worker is stopping; the retry waits again", FailureTypes.WORKER_INTERRUPTED);
    }
  }

  private void step(Entry e) {
    long now = System.currentTimeMillis();
    Optional<Object> result;
    try {
      result = e.wait.check();
    } catch (Exception failure) {
      end(e, () -> client.completeExceptionally(e.token, failure), "failed");
      return;
    }
    if (result.isPresent()) {
      end(e, () -> client.complete(e.token, result.get()), "completed");
      return;
    }
    if (now >= e.nextBeat && !beat(e, now)) return;
    // The next check, or the next heartbeat when that comes first (a CI wait checks every 15 s).
    long next = Math.max(1, Math.min(e.wait.nextCheckMillis(), e.nextBeat - now));
    thread.schedule(() -> step(e), next, TimeUnit.MILLISECONDS);
  }

  /** False when the wait ended here: canceled, its attempt gone, or the server out of reach. */
  private boolean beat(Entry e, long now) {
    try {
      client.heartbeat(e.token, e.wait.progress());
      e.lastBeat = now;
      e.nextBeat = now + beatMillis;
      return true;
    } catch (RuntimeException failure) {
      // The client wraps the answer in ActivityCompletionFailureException.
      if (is(failure, ActivityCanceledException.class)) {
        log.info("{} wait {}: canceled", name, e.activityId);
        e.wait.canceled();
        end(e, () -> client.reportCancellation(e.token, null), "canceled");
        return false;
      }
      if (is(failure, ActivityNotExistsException.class)) {
        log.info("{} wait {}: its attempt is over (timed out or closed)", name, e.activityId);
        waiting.remove(e);
        return false;
      }
      e.nextBeat = now + RETRY_BEAT_MILLIS;
      if (now - e.lastBeat < giveUpMillis) return true;
      log.warn("{} wait {}: no heartbeat for {} ms, dropped", name, e.activityId, now - e.lastBeat);
      waiting.remove(e);
      return false;
    }
  }

  private static boolean is(Throwable t, Class<? extends Throwable> type) {
    for (; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
    return false;
  }

  private void end(Entry e, Runnable report, String how) {
    if (!waiting.remove(e)) return;
    try {
      report.run();
    } catch (RuntimeException lost) {
      // The attempt timed out meanwhile, or the server is out of reach: the retry waits again and
      // reports the same end.
      log.info("{} wait {}: {}, not reported: {}", name, e.activityId, how, lost.getMessage());
    }
  }

  /**
   * Stops checking. Each waiting attempt fails as interrupted, as a blocking one would when its
   * worker stops, so its retry starts at once (here after a restart, or on another worker) instead
   * of after the heartbeat timeout. What was waited for goes on.
   */
  @Override
  public void close() {
    thread.shutdownNow();
    for (Entry e : Set.copyOf(waiting)) {
      Exception stopping =
          ApplicationFailure.newFailure(
              "the worker is stopping; the retry waits again", FailureTypes.WORKER_INTERRUPTED);
      end(e, () -> client.completeExceptionally(e.token, stopping), "interrupted");
    }
  }

  private static final class Entry {
    final byte[] token;
    final Wait wait;
    final String activityId;
    long lastBeat = System.currentTimeMillis();
    long nextBeat;

    Entry(byte[] token, Wait wait, String activityId) {
      this.token = token;
      this.wait = wait;
      this.activityId = activityId;
    }
  }
}
