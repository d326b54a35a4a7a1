package dev.timmyloop.activities.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One program to run: an argv list (never a shell string), a directory, environment additions, a
 * time limit, where to log, and how to heartbeat while waiting. Build with {@link #of} and the
 * withers.
 *
 * @param logFile combined stdout+stderr is copied here when not null
 * @param keepChars how many characters of the head and of the tail of each stream stay in memory
 * @param mergeStderr true: stderr goes into the same buffer as stdout (a test run's log); false:
 *     kept apart
 */
public record ProcessSpec(
    List<String> argv,
    Path directory,
    Map<String, String> env,
    Duration timeout,
    Path logFile,
    int keepChars,
    boolean mergeStderr,
    Duration heartbeatEvery,
    Heartbeat heartbeat) {

  public ProcessSpec {
    if (argv == null || argv.isEmpty()) throw new IllegalArgumentException("empty argv");
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  public static ProcessSpec of(Path directory, List<String> argv) {
    return new ProcessSpec(
        argv,
        directory,
        Map.of(),
        Duration.ofMinutes(2),
        null,
        64 * 1024,
        false,
        Duration.ofSeconds(10),
        Heartbeat.NONE);
  }

  public ProcessSpec withEnv(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.putAll(more);
    return new ProcessSpec(
        argv, directory, all, timeout, logFile, keepChars, mergeStderr, heartbeatEvery, heartbeat);
  }

  public ProcessSpec withTimeout(Duration t) {
    return new ProcessSpec(
        argv, directory, env, t, logFile, keepChars, mergeStderr, heartbeatEvery, heartbeat);
  }

  public ProcessSpec withLogFile(Path file) {
    return new ProcessSpec(
        argv, directory, env, timeout, file, keepChars, mergeStderr, heartbeatEvery, heartbeat);
  }

  public ProcessSpec withKeepChars(int chars) {
    return new ProcessSpec(
        argv, directory, env, timeout, logFile, chars, mergeStderr, heartbeatEvery, heartbeat);
  }

  public ProcessSpec withMergedStderr() {
    return new ProcessSpec(
        argv, directory, env, timeout, logFile, keepChars, true, heartbeatEvery, heartbeat);
  }

  public ProcessSpec withHeartbeat(Heartbeat beat, Duration every) {
    return new ProcessSpec(
        argv, directory, env, timeout, logFile, keepChars, mergeStderr, every, beat);
  }
}
