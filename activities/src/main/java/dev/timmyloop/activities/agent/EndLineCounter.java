package dev.timmyloop.activities.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads a growing output log from where it stopped and counts the lines that match the profile's
 * end line (legacy Kimi's {@code TurnEnd()}). Only whole lines count; a half-written line waits for
 * its newline.
 */
final class EndLineCounter {
  private static final int CHUNK = 64 * 1024;

  /** Null when the profile prints no end line. */
  private final Pattern endLine;

  private long offset;
  private int endLines;
  private boolean lastLineIsEnd;
  private boolean midLine;

  /**
   * @param endLine the profile's {@code endLine}; empty when it prints none
   */
  EndLineCounter(String endLine) {
    this.endLine = endLine == null || endLine.isEmpty() ? null : Pattern.compile(endLine);
  }

  /** Bytes of the log read so far (up to the last whole line). */
  long offset() {
    return offset;
  }

  int endLines() {
    return endLines;
  }

  /** True when the last non-blank line so far is an end line: the agent said it is done. */
  boolean endsWithEndLine() {
    return lastLineIsEnd;
  }

  void scan(Path log) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      byte[] buf = new byte[CHUNK];
      while (offset < f.length()) {
        f.seek(offset);
        int n = f.read(buf);
        if (n <= 0) return;
        int lineStart = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            line(buf, lineStart, i);
            lineStart = i + 1;
          }
        }
        if (lineStart == 0) {
          if (n < CHUNK) return; // a partial line: wait for its end
          lineStart = n; // a line longer than a chunk is no end line; skip it
          lastLineIsEnd = false;
          midLine = true;
        }
        offset += lineStart;
      }
    } catch (java.io.FileNotFoundException e) {
      // the runner has not started writing yet
    }
  }

  private void line(byte[] buf, int from, int to) {
    if (midLine) {
      midLine = false;
      return;
    }
    if (to > from && buf[to - 1] == '\r') to--;
    String line = new String(buf, from, to - from, StandardCharsets.UTF_8);
    if (endLine != null && endLine.matcher(line).find()) {
      endLines++;
      lastLineIsEnd = true;
    } else if (!line.isBlank()) {
      lastLineIsEnd = false;
    }
  }
}
