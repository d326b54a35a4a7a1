package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the panes of the agent window: ids, whether the shell is idle, and which job runs there. */
public final class Panes {
  /** The pane option naming the job that runs in a pane; set on dispatch, unset by the runner. */
  public static final String JOB_OPTION = "@timmy_job";

  private static final Set<String> SHELLS = Set.of("bash", "zsh", "sh", "fish", "dash", "ksh");
  private static final String FORMAT =
      "#{pane_index}\t#{pane_id}\t#{pane_pid}\t#{pane_dead}\t#{pane_current_command}";

  private final Tmux tmux;
  private final String session;

  public Panes(Tmux tmux, String session) {
    this.tmux = tmux;
    this.session = session;
  }

  /** One row of {@code list-panes}. */
  public record Pane(int index, String id, long pid, boolean dead, String command) {}

  public List<Pane> list() {
    List<Pane> panes = new ArrayList<>();
    for (String line : tmux.check("list-panes", "-t", "=" + session + ":0", "-F", FORMAT).split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length < 5) continue;
      panes.add(new Pane(Integer.parseInt(f[0]), f[1], Long.parseLong(f[2]), f[3].equals("1"), f[4]));
    }
    return panes;
  }

  public String target(int index) {
    return session + ":0." + index;
  }

  public PaneStatus status(Pane p, java.util.function.Predicate<String> jobRunning) {
    String job = tmux.call("show-options", "-p", "-v", "-t", p.id(), JOB_OPTION).out().trim();
    if (!job.isEmpty() && !jobRunning.test(job)) {
      // The runner died before it could unset the option: the pane is free again.
      tmux.call("set-option", "-p", "-u", "-t", p.id(), JOB_OPTION);
      job = "";
    }
    String screen = tmux.call("capture-pane", "-p", "-J", "-t", p.id(), "-S", "-8").out();
    return new PaneStatus(
        target(p.index()), p.id(), !p.dead() && idle(p), !p.dead(), p.command(), job, lastLines(screen, 5));
  }

  /**
   * Idle when the shell itself is the terminal's foreground process group: {@code pane_current_command}
   * cannot tell an idle shell from a bash-script agent (both are "bash").
   */
  static boolean idle(Pane p) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long tpgid = Long.parseLong(f[5]);
      return tpgid == p.pid();
    } catch (IOException | RuntimeException e) {
      return SHELLS.contains(p.command());
    }
  }

  static String lastLines(String screen, int n) {
    List<String> lines = new ArrayList<>();
    for (String l : screen.split("\n")) if (!l.isBlank()) lines.add(l.stripTrailing());
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    return tail.length() > 600 ? tail.substring(tail.length() - 600) : tail;
  }
}
