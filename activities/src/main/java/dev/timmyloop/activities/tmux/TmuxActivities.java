package dev.timmyloop.activities.tmux;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The tmux session of agent panes ({@code Kimi:0.0} … {@code Kimi:0.3} by default). */
@ActivityInterface(namePrefix = "Tmux.")
public interface TmuxActivities {

  /**
   * One pane.
   *
   * @param target the configured name, e.g. {@code Kimi:0.2}
   * @param paneId tmux's stable id, e.g. {@code %3} (indexes shift when a pane dies; ids do not)
   * @param idle true when the pane's shell has no foreground job
   * @param currentCommand {@code #{pane_current_command}}
   * @param jobId the agent job running in it, when it runs one of ours, else empty
   * @param lastLines the last few lines of the screen (truncated)
   * @param alive false when the pane's process has died
   */
  record PaneStatus(
      String target,
      String paneId,
      boolean idle,
      boolean alive,
      String currentCommand,
      String jobId,
      String lastLines) {}

  /** @param created targets that were missing and have been created now */
  record SessionState(String session, List<PaneStatus> panes, List<String> created) {}

  /** Creates the session and any missing pane of the configured set; recreates a pane whose shell died. */
  @ActivityMethod
  SessionState ensureSession();

  /** Status of every configured pane. A missing session fails with {@code TmuxUnavailable}. */
  @ActivityMethod
  List<PaneStatus> paneStatus();
}
