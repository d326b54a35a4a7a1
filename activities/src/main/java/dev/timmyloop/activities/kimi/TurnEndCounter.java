package dev.timmyloop.activities.kimi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a growing output log from where it stopped and counts lines that are exactly {@code
 * TurnEnd()} (the Kimi CLI's end-of-turn line). Only whole lines count; a half-written line waits
 * for its newline.
 */
final class TurnEndCounter {
  static final String TURN_END = "TurnEnd()";
  private static final int CHUNK = 64 * 1024;

  private long offset;
  private int turnEnds;
  private boolean lastLineIsTurnEnd;
  private boolean midLine;

  /** Bytes of the log read so far (up to the last whole line). */
  long offset() {
    return offset;
  }

  int turnEnds() {
    return turnEnds;
  }

  /** True when the last non-blank line so far is {@code TurnEnd()}: the agent said it is done. */
  boolean endsWithTurnEnd() {
    return lastLineIsTurnEnd;
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
          lineStart = n; // a line longer than a chunk is not TurnEnd(); skip it
          lastLineIsTurnEnd = false;
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
    if (line.equals(TURN_END)) {
      turnEnds++;
      lastLineIsTurnEnd = true;
    } else if (!line.isBlank()) {
      lastLineIsTurnEnd = false;
    }
  }
}
