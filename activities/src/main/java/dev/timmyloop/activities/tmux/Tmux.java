package dev.timmyloop.activities.tmux;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs tmux with an argv list (never a shell), on the default server or a named socket ({@code
 * -L}). Callers pass only fixed words and our own ids; untrusted text never goes through here.
 */
public final class Tmux {
  /** What one tmux call printed. {@code code} is its exit status. */
  public record Result(int code, String out, String err) {
    public boolean ok() {
      return code == 0;
    }
  }

  private static final long CALL_TIMEOUT_SECONDS = 15;

  private final List<String> base;

  /**
   * @param base the command prefix, e.g. {@code [tmux, -L, timmy]}
   */
  public Tmux(List<String> base) {
    this.base = List.copyOf(base);
  }

  public static Tmux forConfig(TimmyConfig config) {
    return forSocket(config.tmuxSocket(), config.tmuxConf());
  }

  /**
   * @param socket an empty name means the default server
   * @param conf the file a server started by this call reads ({@code -f}); empty means tmux's own
   *     default, {@code ~/.tmux.conf}. It has no effect on a server that already runs.
   */
  public static Tmux forSocket(String socket, String conf) {
    List<String> base = new ArrayList<>(List.of("tmux"));
    if (socket != null && !socket.isBlank()) base.addAll(List.of("-L", socket));
    if (conf != null && !conf.isBlank()) base.addAll(List.of("-f", conf));
    return new Tmux(base);
  }

  /** For messages: which server this talks to. */
  public String describe() {
    return String.join(" ", base);
  }

  /** Runs one tmux command; a missing tmux binary fails with {@code TmuxUnavailable}. */
  public Result run(String... args) {
    List<String> argv = new ArrayList<>(base);
    argv.addAll(List.of(args));
    Process p;
    try {
      p =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run tmux (" + e.getMessage() + "); is tmux installed and on PATH?",
          FailureTypes.TMUX_UNAVAILABLE);
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    try {
      if (!p.waitFor(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "tmux " + args[0] + " did not answer in " + CALL_TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), out, Text.head(err.join().strip(), 500));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running tmux " + args[0], e);
    }
  }

  /**
   * Runs one tmux command that must succeed; failure is retryable (the server may be restarting).
   */
  public String check(String... args) {
    Result r = run(args);
    if (!r.ok()) {
      throw new IllegalStateException(
          "tmux " + String.join(" ", args) + " failed (" + r.code() + "): " + r.err());
    }
    return r.out();
  }

  private static String read(InputStream in) {
    try (in) {
      return Text.utf8(in.readAllBytes());
    } catch (IOException e) {
      return "";
    }
  }
}
