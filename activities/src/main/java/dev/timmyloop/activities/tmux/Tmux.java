package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.process.ProcessResult;
import dev.timmyloop.activities.process.ProcessRunner;
import dev.timmyloop.activities.process.ProcessSpec;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tmux command line, always as an argv list. With a socket name it talks to a private server
 * ({@code tmux -L <socket>}), which is how tests and the demo keep away from the user's own tmux.
 */
public final class Tmux {
  private static final Duration LIMIT = Duration.ofSeconds(15);

  private final String socket;
  private final ProcessRunner runner = new ProcessRunner();

  public Tmux(String socket) {
    this.socket = socket == null ? "" : socket.trim();
  }

  /** Runs tmux; a non-zero exit is returned, not thrown. tmux missing → {@code TmuxUnavailable}. */
  public ProcessResult call(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("tmux");
    if (!socket.isEmpty()) {
      argv.add("-L");
      argv.add(socket);
      // A private server starts without the user's ~/.tmux.conf.
      argv.add("-f");
      argv.add("/dev/null");
    }
    argv.addAll(List.of(args));
    try {
      return runner.run(ProcessSpec.of(Path.of("/"), argv).withTimeout(LIMIT));
    } catch (java.io.UncheckedIOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "tmux cannot run (is it installed?): " + e.getMessage(), FailureTypes.TMUX_UNAVAILABLE);
    }
  }

  /** Runs tmux and fails (retryable) on a non-zero exit. */
  public String check(String... args) {
    ProcessResult r = call(args);
    if (!r.ok()) {
      throw ApplicationFailure.newFailure(
          "tmux " + args[0] + " failed (" + r.exitCode() + "): " + r.combined().trim(), "TmuxFailed");
    }
    return r.out();
  }

  public boolean hasSession(String session) {
    return call("has-session", "-t", "=" + session).ok();
  }
}
