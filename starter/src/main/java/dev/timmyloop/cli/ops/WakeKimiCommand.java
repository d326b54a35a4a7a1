package dev.timmyloop.cli.ops;

import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivities.SessionState;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.cli.CliFailure;
import dev.timmyloop.config.TimmyConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ops wake-kimi PANE}: the session exists and the pane's shell lives again. Nothing is typed
 * into the pane; the next dispatch sends its fixed command.
 */
@Command(name = "wake-kimi", description = "Ensure the agent session; respawn PANE if it died.")
final class WakeKimiCommand extends OpsAction {
  @Parameters(paramLabel = "PANE", description = "e.g. Kimi:0.2, or just 2")
  String pane;

  @Override
  int run(TimmyConfig config) {
    String target = target(config, pane);
    SessionState state = new TmuxActivitiesImpl(config).ensureSession();
    PaneStatus status =
        state.panes().stream()
            .filter(p -> p.target().equals(target))
            .findFirst()
            .orElseThrow(
                () ->
                    new CliFailure(
                        "no pane "
                            + target
                            + " (configured: "
                            + state.panes().stream().map(PaneStatus::target).toList()
                            + ")"));
    String how = state.created().contains(target) ? "recreated" : "present";
    String what =
        !status.alive() ? "dead" : status.jobId().isEmpty() && status.idle() ? "idle" : "busy";
    out()
        .println(
            target
                + ": "
                + how
                + ", "
                + what
                + (status.jobId().isEmpty() ? "" : " (job " + status.jobId() + ")")
                + ", running "
                + status.currentCommand());
    return 0;
  }

  /** {@code 2} means {@code <session>:0.2}. */
  static String target(TimmyConfig config, String pane) {
    return pane.matches("\\d+") ? config.tmuxSession() + ":0." + pane : pane;
  }
}
