package dev.timmyloop.activities.tmux;

import dev.timmyloop.config.TimmyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Phase 2 (assess) and phase 4 (dispatch): the agent panes. */
public class TmuxActivitiesImpl implements TmuxActivities {
  private final TimmyConfig config;
  private final TmuxSession session;
  private final PaneInspector inspector;
  private final PaneMetrics metrics = new PaneMetrics();

  public TmuxActivitiesImpl(TimmyConfig config) {
    this(config, Tmux.forConfig(config));
  }

  public TmuxActivitiesImpl(TimmyConfig config, Tmux tmux) {
    this.config = config;
    this.session = new TmuxSession(tmux, config.tmuxSession(), config.panes());
    this.inspector = new PaneInspector(tmux);
  }

  @Override
  public SessionState ensureSession() {
    boolean existed = session.exists();
    List<String> created = session.ensure();
    metrics.ensured(config.tmuxSession(), existed, created);
    return new SessionState(config.tmuxSession(), paneStatus(), created);
  }

  @Override
  public List<PaneStatus> paneStatus() {
    List<PaneInspector.Pane> panes = session.panesOrFail();
    List<PaneStatus> out = new ArrayList<>();
    for (int i = 0; i < config.panes(); i++) {
      String target = session.target(i);
      int index = i;
      Optional<PaneInspector.Pane> pane =
          panes.stream().filter(p -> p.index() == index).findFirst();
      if (pane.isEmpty()) {
        out.add(new PaneStatus(target, "", false, false, "", "", ""));
        continue;
      }
      PaneInspector.Pane p = pane.get();
      out.add(
          new PaneStatus(
              target,
              p.id(),
              PaneInspector.free(p),
              true,
              p.command(),
              runningJob(p.jobMarker()),
              inspector.lastLines(p.id(), 5)));
    }
    metrics.observed(out);
    return out;
  }

  /**
   * The pane's job marker, when that job still runs. The runner clears the marker at its end; a
   * runner killed outright leaves it set, so the job folder is checked too (file names written by
   * the agent package's runner script: {@code pid}, {@code ended}).
   */
  private String runningJob(String marker) {
    if (marker == null || !marker.matches("[A-Za-z0-9._-]+") || marker.matches("\\.+")) return "";
    Path dir = config.jobsDir().resolve(marker);
    if (!Files.isDirectory(dir) || Files.exists(dir.resolve("ended"))) return "";
    try {
      Path pid = dir.resolve("pid");
      if (Files.exists(pid) && !PaneInspector.alive(Long.parseLong(Files.readString(pid).trim()))) {
        return "";
      }
    } catch (Exception e) {
      return marker;
    }
    return marker;
  }
}
