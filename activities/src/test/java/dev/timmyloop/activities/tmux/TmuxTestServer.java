package dev.timmyloop.activities.tmux;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A private tmux server for one test class ({@code tmux -L timmy-test-<random> -f /dev/null}). No
 * pane of it reads an rc file: the keep-alive pane runs a plain bash, and the configurations it
 * hands out name {@code /dev/null} as tmux's config too.
 */
public final class TmuxTestServer implements AutoCloseable {
  public final String socket = "timmy-test-" + UUID.randomUUID().toString().substring(0, 8);
  public final Tmux tmux = Tmux.forSocket(socket, "");
  public final Path root;

  public TmuxTestServer(Path root) {
    this.root = root;
    // Started without a config file; later calls connect to this server.
    Tmux.Result r =
        new Tmux(List.of("tmux", "-L", socket, "-f", "/dev/null"))
            .run(
                "new-session",
                "-d",
                "-s",
                "keepalive",
                "--",
                TmuxSession.bash(),
                "--noprofile",
                "--norc");
    if (!r.ok()) throw new IllegalStateException("cannot start tmux: " + r.err());
  }

  /** A configuration for this server; {@code overrides} are {@code TIMMY_*} variables. */
  public TimmyConfig config(String session, String agentCommand, Map<String, String> overrides) {
    try {
      Path file = root.resolve("timmy.json");
      if (!Files.exists(file)) Files.writeString(file, "{}");
      Path repo = Files.createDirectories(root.resolve("repo"));
      Map<String, String> env = new HashMap<>();
      env.put("HOME", root.toString());
      env.put("TIMMY_REPO_PATH", repo.toString());
      env.put("TIMMY_STATE_DIR", root.resolve("state").toString());
      env.put("TIMMY_TMUX_SOCKET", socket);
      env.put("TIMMY_TMUX_CONF", "/dev/null");
      env.put("TIMMY_TMUX_SESSION", session);
      env.put("TIMMY_PANES", "4");
      env.put("TIMMY_AGENT_COMMAND", agentCommand);
      env.put("TIMMY_HOST", "test");
      // Stand-in agents write their logs outside the worktree; the sandbox has its own tests.
      env.put("TIMMY_AGENT_SANDBOX", "none");
      env.putAll(overrides);
      return ConfigLoader.load(env, file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies the stand-in agent from test resources into a bin folder and returns its absolute path.
   */
  public Path standIn() throws IOException {
    return standIn("kimi");
  }

  /** The same for another script under {@code /agent/} in test resources. */
  public Path standIn(String name) throws IOException {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path script = bin.resolve(name);
    if (!Files.exists(script)) {
      try (InputStream in = TmuxTestServer.class.getResourceAsStream("/agent/" + name)) {
        Files.copy(in, script);
      }
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return script;
  }

  public static void await(String what, BooleanSupplier done) throws InterruptedException {
    long until = System.currentTimeMillis() + 60_000;
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > until)
        throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(100);
    }
  }

  /** Waits until a job may take the pane (see {@link PaneInspector#free}). */
  public void awaitIdle(String target) throws InterruptedException {
    PaneInspector inspector = new PaneInspector(tmux);
    await(target + " free", () -> inspector.pane(target).map(PaneInspector::free).orElse(false));
  }

  /**
   * Stands for a person at the pane's shell: waits for the shell, then types one fixed command of
   * the test's own (never product text) and waits until it runs as the shell's foreground job.
   */
  public void personRuns(String target, String command) throws InterruptedException {
    PaneInspector inspector = new PaneInspector(tmux);
    // A pane whose last job ended is dead; a person would give it a shell first.
    if (inspector.pane(target).map(PaneInspector.Pane::dead).orElse(false)) {
      tmux.check(
          "respawn-pane", "-k", "-t", target, "--", TmuxSession.bash(), "--noprofile", "--norc");
    }
    awaitIdle(target);
    tmux.check("send-keys", "-t", target, "-l", command);
    tmux.check("send-keys", "-t", target, "Enter");
    await(
        target + " running " + command,
        () -> inspector.pane(target).map(p -> !PaneInspector.free(p)).orElse(false));
  }

  @Override
  public void close() {
    String socketPath = tmux.run("display-message", "-p", "#{socket_path}").out().strip();
    tmux.run("kill-server");
    // kill-server leaves the socket file behind.
    if (socketPath.endsWith("/" + socket)) {
      try {
        Files.deleteIfExists(Path.of(socketPath));
      } catch (IOException e) {
        // only litter
      }
    }
  }
}
