package dev.timmyloop.activities.process;

import java.nio.file.Path;

/**
 * How a process ended.
 *
 * @param exitCode the exit code; -1 when it was killed on timeout
 * @param out stdout (and stderr when merged): all of it when it fit, else head and tail
 * @param err stderr when kept apart (empty when merged)
 * @param outComplete false when {@code out} lost its middle
 */
public record ProcessResult(
    int exitCode,
    boolean timedOut,
    String out,
    String err,
    boolean outComplete,
    long durationMillis,
    Path logFile) {

  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /** stdout and stderr together, for messages. */
  public String combined() {
    if (err.isEmpty()) return out;
    if (out.isEmpty()) return err;
    return out + (out.endsWith("\n") ? "" : "\n") + err;
  }
}
