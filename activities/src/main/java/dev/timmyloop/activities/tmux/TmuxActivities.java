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
   * @param idle true when a job may take the pane: its process has ended (the last job's screen
   *     stays until the next job), or it is a shell with no job of its own (also one still reading
   *     its rc files); false while one of our jobs or a person's program runs there
   * @param currentCommand {@code #{pane_current_command}}
   * @param jobId the agent job running in it, when it runs one of ours, else empty
   * @param lastLines the last few lines of the screen (truncated)
   * @param alive true when the pane exists (a pane whose process ended still exists); false when it
   *     is missing from the session
   */
  record PaneStatus(
      String target,
      String paneId,
      boolean idle,
      boolean alive,
      String currentCommand,
      String jobId,
      String lastLines) {}

  /**
   * @param created targets that were missing and have been created now
   */
  record SessionState(String session, List<PaneStatus> panes, List<String> created) {}

  /**
   * Creates the session and any missing pane of the configured set. A pane whose process ended is
   * kept as it is, with its last screen: it is free, and the next job replaces it.
   */
  @ActivityMethod
  SessionState ensureSession();

  /** Status of every configured pane. A missing session fails with {@code TmuxUnavailable}. */
  @ActivityMethod
  List<PaneStatus> paneStatus();
}
