package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads panes from tmux and {@code /proc}: which exist, which have ended, which are free. */
public final class PaneInspector {
  /** The pane user option naming the agent job that runs there; the job's runner clears it. */
  public static final String JOB_OPTION = "@timmy_job";

  /** One line of {@code list-panes}. */
  public record Pane(
      int index, String id, long pid, boolean dead, String command, String jobMarker) {}

  private static final String FORMAT =
      String.join(
          "\t",
          "#{pane_index}",
          "#{pane_id}",
          "#{pane_pid}",
          "#{pane_dead}",
          "#{" + JOB_OPTION + "}",
          "#{pane_current_command}");

  private static final Pattern TARGET = Pattern.compile("(.+):(\\d+)\\.(\\d+)");

  private final Tmux tmux;

  public PaneInspector(Tmux tmux) {
    this.tmux = tmux;
  }

  /**
   * The panes of {@code window} (e.g. {@code =Kimi:0}), or empty when the window or session is
   * missing.
   */
  public Optional<List<Pane>> panes(String window) {
    Tmux.Result r = tmux.run("list-panes", "-t", window, "-F", FORMAT);
    return r.ok() ? Optional.of(parse(r.out())) : Optional.empty();
  }

  /**
   * One pane by target ({@code Kimi:0.2}) or id ({@code %3}); empty when it does not exist. Not
   * through {@code display-message -t}: it falls back to the active pane for a missing index, and
   * tmux matches session names by prefix unless they start with {@code =}.
   */
  public Optional<Pane> pane(String target) {
    if (target.startsWith("%")) {
      Tmux.Result r = tmux.run("list-panes", "-a", "-F", FORMAT);
      if (!r.ok()) return Optional.empty();
      return parse(r.out()).stream().filter(p -> p.id().equals(target)).findFirst();
    }
    Matcher m = TARGET.matcher(target);
    if (!m.matches()) {
      throw new IllegalArgumentException("pane target '" + target + "' is not session:window.pane");
    }
    int index = Integer.parseInt(m.group(3));
    return panes("=" + m.group(1) + ":" + m.group(2))
        .flatMap(list -> list.stream().filter(p -> p.index() == index).findFirst());
  }

  private static List<Pane> parse(String out) {
    List<Pane> panes = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t", 6);
      if (f.length < 6) continue;
      panes.add(
          new Pane(
              Integer.parseInt(f[0]), f[1], Long.parseLong(f[2]), f[3].equals("1"), f[5], f[4]));
    }
    return panes;
  }

  /** Programs that count as a person's shell in a pane (by {@code /proc/<pid>/comm}). */
  private static final Set<String> SHELLS =
      Set.of("bash", "sh", "dash", "zsh", "fish", "ksh", "mksh", "tcsh", "csh", "ash", "busybox");

  /**
   * True when a job may take the pane: its process has ended (a finished runner's last screen, kept
   * by {@code remain-on-exit}), or it is an interactive shell with no job of its own. A shell still
   * in its rc files counts as free (respawning it loses nothing), a person's foreground job (its
   * own process group: {@code tpgid != pid}) does not, and neither does anything that is not a
   * shell — such as one of our runners, which is the pane's process itself.
   */
  public static boolean free(Pane pane) {
    if (pane.dead()) return true;
    if (!SHELLS.contains(comm(pane.pid()).orElse(""))) return false;
    if (runsScript(cmdline(pane.pid()))) return false;
    return procStat(pane.pid())
        .map(f -> f.length > 5 && f[5].equals(Long.toString(pane.pid())))
        .orElse(false);
  }

  /**
   * A shell started with {@code -c} or with a script operand runs a program, not a prompt. Options
   * that take a value ({@code --rcfile F}, {@code -o opt}) are skipped with it.
   */
  static boolean runsScript(List<String> argv) {
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-c") || (a.startsWith("-") && !a.startsWith("--") && a.contains("c"))) {
        return true;
      }
      if (Set.of("--rcfile", "--init-file", "-o", "-O", "+o", "+O").contains(a)) {
        i++;
      } else if (a.equals("--") || a.equals("-")) {
        return i + 1 < argv.size();
      } else if (!a.startsWith("-") && !a.startsWith("+")) {
        return true;
      }
    }
    return false;
  }

  /**
   * True while the pane's process is still tmux's fork, before it has executed the pane's command.
   */
  static boolean forking(long pid) {
    return comm(pid).map(c -> c.startsWith("tmux")).orElse(false);
  }

  /** The process's command line as words; empty when it is gone. */
  public static List<String> cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String s = new String(raw, StandardCharsets.UTF_8);
      if (s.endsWith("\0")) s = s.substring(0, s.length() - 1);
      return s.isEmpty() ? List.of() : List.of(s.split("\0", -1));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static Optional<String> comm(long pid) {
    try {
      return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The fields of {@code /proc/<pid>/stat} after the command name: [state, ppid, pgrp, session,
   * tty, tpgid…].
   */
  public static Optional<String[]> procStat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      if (close < 0) return Optional.empty();
      return Optional.of(stat.substring(close + 1).trim().split(" "));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * True while a process of this group runs. Zombies do not count: once the runner, their parent,
   * is gone, its children wait for a reaper that a container's first process may never be, and
   * {@code kill -0} would see them for ever.
   */
  public static boolean groupAlive(long pgid) {
    if (pgid <= 1) return false;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        Optional<String[]> f = procStat(Long.parseLong(proc.getFileName().toString()));
        if (f.isPresent()
            && f.get().length > 2
            && f.get()[2].equals(Long.toString(pgid))
            && !f.get()[0].equals("Z")) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** True while a process with this pid exists (and is not a zombie). */
  public static boolean alive(long pid) {
    return pid > 0 && procStat(pid).map(f -> !f[0].equals("Z")).orElse(false);
  }

  /** The last non-blank lines of the pane's screen, cut to a few hundred characters. */
  public String lastLines(String paneId, int lines) {
    Tmux.Result r = tmux.run("capture-pane", "-p", "-J", "-S", "-5", "-t", paneId);
    if (!r.ok()) return "";
    List<String> kept = new ArrayList<>(Arrays.asList(r.out().split("\n")));
    kept.replaceAll(String::stripTrailing);
    kept.removeIf(String::isEmpty);
    List<String> last = kept.subList(Math.max(0, kept.size() - lines), kept.size());
    return Text.tail(String.join("\n", last), 600);
  }
}
