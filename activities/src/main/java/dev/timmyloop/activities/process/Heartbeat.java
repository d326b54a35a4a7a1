package dev.timmyloop.activities.process;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Called periodically while a long process runs. Activities pass {@link #ACTIVITY}; plain unit
 * tests pass {@link #NONE} or a recorder. A beat may throw (the activity was cancelled or timed
 * out): the runner then kills the process tree and rethrows.
 */
@FunctionalInterface
public interface Heartbeat {
  void beat(Object details);

  Heartbeat NONE = details -> {};

  /** Heartbeats the current activity; does nothing when the caller is not an activity thread. */
  Heartbeat ACTIVITY =
      details -> {
        ActivityExecutionContext ctx;
        try {
          ctx = Activity.getExecutionContext();
        } catch (IllegalStateException | NullPointerException notInActivity) {
          return;
        }
        ctx.heartbeat(details);
      };
}
