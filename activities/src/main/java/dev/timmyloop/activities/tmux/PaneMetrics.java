package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.ActivityMetrics;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pane watchdog's numbers: {@code timmy_panes_busy} (panes running something, a gauge) and
 * {@code timmy_panes_recreated} (panes the loop had to bring back, a counter, also logged at WARN).
 * The very first creation of the session is not a re-creation; a pane split anew in a session that
 * existed is, and so is every pane of a session that vanished after this worker had seen it (the
 * tmux server died).
 */
final class PaneMetrics {
  private static final Logger log = LoggerFactory.getLogger(PaneMetrics.class);

  private final AtomicBoolean seen = new AtomicBoolean();

  void ensured(String session, boolean existed, List<String> created) {
    boolean vanished = !existed && seen.get();
    seen.set(true);
    if (created.isEmpty() || !(existed || vanished)) return;
    log.warn(
        "tmux panes recreated in session {}{}: {}",
        session,
        vanished ? " (the session had vanished)" : "",
        created);
    ActivityMetrics.count(ActivityMetrics.PANES_RECREATED, created.size());
  }

  void observed(List<PaneStatus> panes) {
    seen.set(true);
    long busy = panes.stream().filter(p -> p.alive() && !p.idle()).count();
    ActivityMetrics.gauge(ActivityMetrics.PANES_BUSY, busy);
  }
}
