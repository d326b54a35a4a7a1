package dev.timmyloop.activities.tests;

import dev.timmyloop.activities.ActivityMetrics;
import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.process.CommandLine;
import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.activities.process.ProcessResult;
import dev.timmyloop.activities.process.ProcessRunner;
import dev.timmyloop.activities.process.ProcessSpec;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 2 (assess main) and phase 5 (test a worktree before landing): the configured test command.
 */
public class TestActivitiesImpl implements TestActivities {
  private static final Logger log = LoggerFactory.getLogger(TestActivitiesImpl.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  /** Colours would hide the summaries from the parser. */
  private static final Map<String, String> ENV =
      Map.of("PY_COLORS", "0", "NO_COLOR", "1", "TERM", "dumb");

  private final TimmyConfig config;
  private final Heartbeat heartbeat;
  private final ProcessRunner runner = new ProcessRunner();

  public TestActivitiesImpl(TimmyConfig config) {
    this(config, Heartbeat.ACTIVITY);
  }

  public TestActivitiesImpl(TimmyConfig config, Heartbeat heartbeat) {
    this.config = config;
    this.heartbeat = heartbeat;
  }

  @Override
  public TestRun runTests(TestRequest request) {
    Path dir =
        request.directory() == null || request.directory().isBlank()
            ? config.repoPath()
            : Path.of(request.directory());
    List<String> argv = CommandLine.split(config.testCommand());
    Path logFile = logFile(request.label());
    ProcessResult r = run("test", dir, argv, logFile);
    TestOutputParser.Summary s = parse(logFile);
    String outcome = r.timedOut() ? "timed_out" : r.ok() ? "passed" : "failed";
    ActivityMetrics.count(ActivityMetrics.TEST_RUNS, 1, "outcome", outcome);
    log.info(
        "{} in {}: exit {}{}, {} passed, {} failed, {} errors, {} skipped, log {}",
        argv,
        dir,
        r.exitCode(),
        r.timedOut() ? " (timed out)" : "",
        s.passed(),
        s.failed(),
        s.errored(),
        s.skipped(),
        logFile);
    return new TestRun(
        r.ok(),
        r.timedOut(),
        r.exitCode(),
        s.passed(),
        s.failed(),
        s.errored(),
        s.skipped(),
        s.failingTests(),
        Text.tail(r.out(), Text.TAIL_BYTES),
        logFile.toString(),
        r.durationMillis());
  }

  @Override
  public FormatRun format(TestRequest request) {
    if (config.formatCommand().isBlank()) return new FormatRun(false, 0, "");
    Path dir = Path.of(request.directory());
    List<String> argv = CommandLine.split(config.formatCommand());
    ProcessResult r = run("format", dir, argv, logFile(request.label() + "-format"));
    log.info("{} in {}: exit {}", argv, dir, r.exitCode());
    return new FormatRun(true, r.exitCode(), Text.tail(r.out(), 2000));
  }

  /**
   * Runs the {@code kind} command in {@code dir}; a missing directory or program is not retried.
   */
  private ProcessResult run(String kind, Path dir, List<String> argv, Path logFile) {
    if (!Files.isDirectory(dir)) {
      throw ApplicationFailure.newNonRetryableFailure(
          kind + " directory " + dir + " does not exist", FailureTypes.CONFIG_INVALID);
    }
    ProcessSpec spec =
        ProcessSpec.of(dir, argv)
            .withEnv(ENV)
            .withMergedStderr()
            .withLogFile(logFile)
            .withTimeout(config.testTimeout())
            .withHeartbeat(heartbeat, Duration.ofSeconds(10));
    try {
      return runner.run(spec);
    } catch (UncheckedIOException e) {
      // The program is missing or not executable: retrying will not install it.
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot run " + kind + " command " + argv + ": " + e.getMessage(),
          FailureTypes.CONFIG_INVALID);
    }
  }

  /** {@code <logsDir>/<label>-<yyyyMMdd-HHmmss>.log}, never overwriting an earlier run's log. */
  private Path logFile(String label) {
    String safe = label == null ? "" : label.replaceAll("[^A-Za-z0-9._-]", "-");
    if (safe.isBlank()) safe = "tests";
    String base = safe + "-" + LocalDateTime.now().format(STAMP);
    Path file = config.logsDir().resolve(base + ".log");
    for (int i = 2; Files.exists(file); i++)
      file = config.logsDir().resolve(base + "-" + i + ".log");
    return file;
  }

  /** Reads the whole log (not just the kept tail): unittest prints failing ids far from the end. */
  private static TestOutputParser.Summary parse(Path logFile) {
    TestOutputParser parser = new TestOutputParser();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(logFile), StandardCharsets.UTF_8))) {
      in.lines().forEach(parser::accept);
    } catch (IOException e) {
      log.warn("cannot read test log {}: {}", logFile, e.getMessage());
    }
    return parser.summary();
  }
}
