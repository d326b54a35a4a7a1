package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the agent session ({@code Kimi}, window 0), keeps its panes there and starts jobs in
 * them.
 */
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

  /**
   * Creates what is missing and returns the targets created now. Idempotent. New panes run a shell
   * that reads no rc file, for a person to look around in; a job replaces it (see {@link #start}).
   * A dead pane is left as it is: it keeps its last job's screen and exit status until the next
   * job.
   */
  public List<String> ensure() {
    List<String> created = new ArrayList<>();
    if (!exists()) {
      Tmux.Result r =
          tmux.run(
              join(
                  List.of("new-session", "-d", "-s", session, "-x", "200", "-y", "50"),
                  plainShell()));
      // Another worker may have created it between the two calls.
      if (!r.ok() && !exists()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "cannot create tmux session '" + session + "' (" + tmux.describe() + "): " + r.err(),
            FailureTypes.TMUX_UNAVAILABLE);
      }
      if (r.ok()) created.add(target(0));
      log.info("created tmux session {} ({})", session, tmux.describe());
    }
    tmux.check("set-option", "-w", "-t", window(), "remain-on-exit", "on");
    List<PaneInspector.Pane> panes = panesOrFail();
    int count = panes.size();
    while (count < paneCount) {
      // Tiling before each split keeps room for the next one. Splitting the last pane puts the new
      // one last, so no pane's index (its name) moves.
      tmux.check("select-layout", "-t", window(), "tiled");
      panes = panesOrFail();
      String last = panes.get(panes.size() - 1).id();
      tmux.check(join(List.of("split-window", "-d", "-t", last), plainShell()));
      created.add(target(count));
      count++;
    }
    tmux.check("select-layout", "-t", window(), "tiled");
    if (!created.isEmpty()) {
      awaitStarted();
      log.info("tmux panes created: {}", created);
    }
    return created;
  }

  /**
   * Waits (briefly) until no pane's process is still tmux's own fork on its way to exec: until then
   * it is not yet the shell, and a look at it would call the new pane busy.
   */
  private void awaitStarted() {
    long until = System.nanoTime() + 5_000_000_000L;
    while (panesOrFail().stream().anyMatch(p -> !p.dead() && PaneInspector.forking(p.pid()))
        && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Makes {@code argv} the pane's own process, in place of whatever ran there (tmux's {@code
   * respawn-pane -k}): no shell in between, nothing typed. The pane keeps its id, and with {@code
   * remain-on-exit} its last screen and exit status once the process ends. The process leads its
   * own session and process group, so one signal to the group reaches all of it.
   */
  public void start(String paneId, String cwd, List<String> argv) {
    tmux.check("set-option", "-p", "-t", paneId, "remain-on-exit", "on");
    tmux.check(join(List.of("respawn-pane", "-k", "-t", paneId, "-c", cwd), argv));
  }

  /** Gives a pane a fresh plain shell again (for {@code ops wake-kimi} on a dead pane). */
  public void respawnShell(String paneId) {
    tmux.check(join(List.of("respawn-pane", "-k", "-t", paneId), plainShell()));
  }

  /**
   * An interactive bash that reads no profile or rc file: it is ready at once, and replacing it
   * never cuts a user's rc file short (pyenv's rehash leaves a lock behind when killed mid-way).
   */
  static List<String> plainShell() {
    return List.of("--", bash(), "--noprofile", "--norc");
  }

  private static String[] join(List<String> command, List<String> argv) {
    return Stream.concat(command.stream(), argv.stream()).toArray(String[]::new);
  }

  /** bash's absolute path: the pane's process is started without a shell to look it up. */
  public static String bash() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "bash"))) {
        return Path.of(dir, "bash").toAbsolutePath().toString();
      }
    }
    return Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/usr/bin/bash";
  }

  /** The panes of window 0; a missing session fails with {@code TmuxUnavailable}. */
  public List<PaneInspector.Pane> panesOrFail() {
    return inspector
        .panes(window())
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "tmux session '%s' (window 0) not found on %s; ensureSession creates it"
                        .formatted(session, tmux.describe()),
                    FailureTypes.TMUX_UNAVAILABLE));
  }
}
