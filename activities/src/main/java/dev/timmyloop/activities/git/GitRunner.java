package dev.timmyloop.activities.git;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.activities.process.ProcessResult;
import dev.timmyloop.activities.process.ProcessRunner;
import dev.timmyloop.activities.process.ProcessSpec;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the git CLI: never waits for a password or an editor, C locale so messages can be matched,
 * and failures classified as retryable (network, a lock file) or not (not a repository, unknown
 * ref).
 */
public final class GitRunner {
  /** Messages that mean retrying the same command cannot succeed. */
  private static final List<String> PERMANENT =
      List.of(
          "not a git repository",
          "unknown revision",
          "bad revision",
          "invalid reference",
          "not a valid object name",
          "not a valid branch name",
          "ambiguous argument",
          "needed a single revision",
          "couldn't find remote ref",
          "does not appear to be a git repository",
          "no such remote",
          "please tell me who you are",
          "unable to auto-detect email",
          "invalid upstream",
          "stale info",
          "[rejected]",
          "cannot rebase: you have unstaged changes",
          "your index contains uncommitted changes",
          "is not a working tree");

  private static final java.util.regex.Pattern CREDENTIALS =
      java.util.regex.Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

  static final Map<String, String> ENV =
      Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_EDITOR", "true", "LC_ALL", "C", "GIT_PAGER", "cat");

  private final ProcessRunner runner = new ProcessRunner();
  private final Heartbeat heartbeat;

  public GitRunner(Heartbeat heartbeat) {
    this.heartbeat = heartbeat;
  }

  /** Runs git and returns however it ended. */
  public ProcessResult run(Path dir, Map<String, String> env, Duration timeout, String... args) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    ProcessSpec spec =
        ProcessSpec.of(dir, argv)
            .withEnv(ENV)
            .withEnv(env)
            .withTimeout(timeout)
            .withKeepChars(1 << 20)
            .withHeartbeat(heartbeat, Duration.ofSeconds(10));
    return runner.run(spec);
  }

  ProcessResult run(Path dir, String... args) {
    return run(dir, Map.of(), Duration.ofMinutes(2), args);
  }

  /** Runs git; a failure throws (non-retryable when its message says retrying cannot help). */
  String ok(Path dir, String... args) {
    return check(run(dir, args), args).out().strip();
  }

  static ProcessResult check(ProcessResult r, String... args) {
    if (r.ok()) return r;
    throw failure(r, args);
  }

  static RuntimeException failure(ProcessResult r, String... args) {
    String what = "git " + (args.length > 0 ? args[0] : "");
    if (r.timedOut()) {
      return ApplicationFailure.newFailure(what + " timed out", FailureTypes.GIT_TIMEOUT);
    }
    String tail = redact(Text.tail(r.combined().strip(), Text.TAIL_BYTES));
    String message = what + " failed (exit " + r.exitCode() + "): " + tail;
    if (isPermanent(r.combined())) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.GIT_FAILED);
    }
    return ApplicationFailure.newFailure(message, FailureTypes.GIT_RETRYABLE);
  }

  /** A remote URL may carry a token ({@code https://user:token@host/...}); it never leaves here. */
  public static String redact(String text) {
    return CREDENTIALS.matcher(text).replaceAll("$1***@");
  }

  static boolean isPermanent(String output) {
    String lower = output.toLowerCase(Locale.ROOT);
    return PERMANENT.stream().anyMatch(lower::contains);
  }

  /** A non-retryable GitFailed for a request that is wrong in itself. */
  static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.GIT_FAILED);
  }
}
