package dev.timmyloop.activities.kimi;

import dev.timmyloop.activities.kimi.KimiActivities.JobOutcome;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Reads a job's output log incrementally and counts {@code TurnEnd()} lines (the real Kimi CLI prints
 * one when a turn ends), so a long log is read once, not once per poll.
 */
final class JobWatcher {
  static final String TURN_END = "TurnEnd()";

  private final JobFolder job;
  private long offset;
  private int turnEnds;
  private final StringBuilder partial = new StringBuilder();

  JobWatcher(JobFolder job, long offset) {
    this.job = job;
    // After a restart we start at the top again: counting TurnEnd() must see the whole log.
    this.offset = 0;
  }

  long offset() {
    return offset;
  }

  int turnEnds() {
    return turnEnds;
  }

  /** Reads what the log gained since the last call. */
  void poll() {
    if (!Files.exists(job.output())) return;
    try (RandomAccessFile f = new RandomAccessFile(job.output().toFile(), "r")) {
      long len = f.length();
      if (len <= offset) return;
      byte[] buf = new byte[(int) Math.min(len - offset, 1 << 20)];
      f.seek(offset);
      f.readFully(buf);
      offset += buf.length;
      partial.append(new String(buf, StandardCharsets.UTF_8));
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        String line = partial.substring(0, nl).replace("\r", "").strip();
        if (line.equals(TURN_END)) turnEnds++;
        partial.delete(0, nl + 1);
      }
    } catch (IOException e) {
      // The runner is writing it; the next poll reads on.
    }
  }

  static JobOutcome outcomeOf(int exitCode) {
    return exitCode == 0 ? JobOutcome.COMPLETED : JobOutcome.FAILED;
  }
}
