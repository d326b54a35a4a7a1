package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the agent session ({@code Kimi}, window 0) and keeps its panes there and alive. */
public final class TmuxSession {
  private static final Logger log = LoggerFactory.getLogger(TmuxSession.class);

  private final Tmux tmux;
  private final PaneInspector inspector;
  private final String session;
  private final int paneCount;

  public TmuxSession(Tmux tmux, String session, int paneCount) {
    this.tmux = tmux;
    this.inspector = new PaneInspector(tmux);
    this.session = session;
    this.paneCount = paneCount;
  }

  /** Window 0 of exactly this session ({@code =}: tmux would otherwise match a name by prefix). */
  public String window() {
    return "=" + session + ":0";
  }

  public String target(int index) {
    return session + ":0." + index;
  }

  public boolean exists() {
    return tmux.run("has-session", "-t", "=" + session).ok();
  }

  /** Creates what is missing and returns the targets created or respawned now. Idempotent. */
  public List<String> ensure() {
    List<String> created = new ArrayList<>();
    if (!tmux.run("has-session", "-t", "=" + session).ok()) {
      Tmux.Result r = tmux.run("new-session", "-d", "-s", session, "-x", "200", "-y", "50");
      // Another worker may have created it between the two calls.
      if (!r.ok() && !tmux.run("has-session", "-t", "=" + session).ok()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "cannot create tmux session '" + session + "' (" + tmux.describe() + "): " + r.err(),
            FailureTypes.TMUX_UNAVAILABLE);
      }
      if (r.ok()) created.add(target(0));
      log.info("created tmux session {} ({})", session, tmux.describe());
    }
    List<PaneInspector.Pane> panes = panesOrFail();
    for (PaneInspector.Pane pane : panes) {
      if (pane.dead() && pane.index() < paneCount) {
        tmux.check("respawn-pane", "-k", "-t", pane.id());
        created.add(target(pane.index()));
      }
    }
    int count = panes.size();
    while (count < paneCount) {
      // Tiling before each split keeps room for the next one.
      tmux.check("select-layout", "-t", window(), "tiled");
      tmux.check("split-window", "-d", "-t", window());
      created.add(target(count));
      count++;
    }
    tmux.check("select-layout", "-t", window(), "tiled");
    if (!created.isEmpty()) log.info("tmux panes created or respawned: {}", created);
    return created;
  }

  /** The panes of window 0; a missing session fails with {@code TmuxUnavailable}. */
  public List<PaneInspector.Pane> panesOrFail() {
    return inspector
        .panes(window())
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "tmux session '"
                        + session
                        + "' (window 0) not found on "
                        + tmux.describe()
                        + "; ensureSession creates it",
                    FailureTypes.TMUX_UNAVAILABLE));
  }
}
