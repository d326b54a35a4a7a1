package dev.timmyloop.cli.ops;

import dev.timmyloop.activities.tmux.PaneInspector;
import dev.timmyloop.activities.tmux.Tmux;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxSession;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.world.CliFailure;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ops wake-kimi PANE}: the session and the pane exist, and a pane whose process ended (a
 * finished job's last screen, a shell that exited) gets a fresh shell that reads no rc file.
 * Nothing is typed into the pane; the next dispatch starts its job as the pane's own process.
 */
@Command(
    name = "wake-kimi",
    description = "Ensure the agent session; give PANE a fresh shell if its process ended.")
final class WakeKimiCommand extends OpsAction {
  @Parameters(paramLabel = "PANE", description = "e.g. Kimi:0.2, or just 2")
  String pane;

  @Override
  int run(TimmyConfig config) {
    String target = target(config, pane);
    TmuxActivitiesImpl tmux = new TmuxActivitiesImpl(config);
    List<String> created = tmux.ensureSession().created();
    boolean respawned = respawnIfEnded(config, target);
    List<PaneStatus> panes = tmux.paneStatus();
    PaneStatus status =
        panes.stream()
            .filter(p -> p.target().equals(target))
            .findFirst()
            .orElseThrow(
                () ->
                    new CliFailure(
                        "no pane %s (configured: %s)"
                            .formatted(target, panes.stream().map(PaneStatus::target).toList())));
    String how = created.contains(target) ? "recreated" : respawned ? "respawned" : "present";
    String what = status.jobId().isEmpty() && status.idle() ? "idle" : "busy";
    out()
        .printf(
            "%s: %s, %s%s, running %s%n",
            target,
            how,
            what,
            status.jobId().isEmpty() ? "" : " (job " + status.jobId() + ")",
            status.currentCommand());
    return 0;
  }

  /** Gives the pane a plain shell when its process has ended; true when it did. */
  private static boolean respawnIfEnded(TimmyConfig config, String target) {
    Tmux tmux = Tmux.forConfig(config);
    Optional<PaneInspector.Pane> pane;
    try {
      pane = new PaneInspector(tmux).pane(target);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(e.getMessage());
    }
    if (pane.isEmpty() || !pane.get().dead()) return false;
    new TmuxSession(tmux, config.tmuxSession(), config.panes()).respawnShell(pane.get().id());
    return true;
  }

  /** {@code 2} means {@code <session>:0.2}. */
  static String target(TimmyConfig config, String pane) {
    return pane.matches("\\d+") ? config.tmuxSession() + ":0." + pane : pane;
  }
}
