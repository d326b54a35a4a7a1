package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.kimi.JobFolder;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class TmuxActivitiesImpl implements TmuxActivities {
  private static final Logger log = LoggerFactory.getLogger(TmuxActivitiesImpl.class);

  private final TimmyConfig config;
  private final Tmux tmux;
  private final Panes panes;

  public TmuxActivitiesImpl(TimmyConfig config) {
    this.config = config;
    this.tmux = new Tmux(config.tmuxSocket());
    this.panes = new Panes(tmux, config.tmuxSession());
  }

  @Override
  public SessionState ensureSession() {
    return ensure(tmux, config);
  }

  /** Creates the session and the missing panes; shared with the dispatch of a job. */
  public static SessionState ensure(Tmux tmux, TimmyConfig config) {
    String session = config.tmuxSession();
    Panes panes = new Panes(tmux, session);
    List<String> created = new ArrayList<>();
    if (!tmux.hasSession(session)) {
      tmux.check("new-session", "-d", "-s", session, "-x", "220", "-y", "60");
      created.add(panes.target(0));
      log.info("created tmux session {}", session);
    }
    for (Panes.Pane p : panes.list()) {
      if (p.dead()) {
        tmux.check("respawn-pane", "-k", "-t", p.id());
        log.warn("pane {} had died; respawned", panes.target(p.index()));
        created.add(panes.target(p.index()));
      }
    }
    for (int n = panes.list().size(); n < config.panes(); n++) {
      tmux.check("split-window", "-d", "-t", "=" + session + ":0");
      // Tiled after each split, so the window never runs out of room for the next one.
      tmux.check("select-layout", "-t", "=" + session + ":0", "tiled");
      created.add(panes.target(n));
    }
    List<PaneStatus> status = statuses(panes, config);
    return new SessionState(session, status, created);
  }

  @Override
  public List<PaneStatus> paneStatus() {
    if (!tmux.hasSession(config.tmuxSession())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "tmux session '" + config.tmuxSession() + "' does not exist (ensureSession creates it)",
          FailureTypes.TMUX_UNAVAILABLE);
    }
    return statuses(panes, config);
  }

  private static List<PaneStatus> statuses(Panes panes, TimmyConfig config) {
    List<PaneStatus> out = new ArrayList<>();
    for (Panes.Pane p : panes.list()) {
      if (p.index() >= config.panes()) continue;
      out.add(panes.status(p, job -> JobFolder.of(config.jobsDir(), job).running()));
    }
    return out;
  }
}
