package dev.timmyloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.config.TimmyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The next cycle number: the state file's last cycle + 1, as the old loop counted. */
final class CycleNumbers {
  private CycleNumbers() {}

  static int next(TimmyConfig config) {
    return next(config.stateDir().resolve("state.json"), System.currentTimeMillis());
  }

  /**
   * No state file: 1. A state file we cannot read: a number from the clock (minutes since 2020),
   * which is larger than any counted cycle and never repeats; the caller still skips numbers
   * Temporal has seen.
   */
  static int next(Path stateFile, long nowMillis) {
    if (!Files.exists(stateFile)) return 1;
    try {
      JsonNode root = new ObjectMapper().readTree(Files.readString(stateFile));
      int last = root.path("lastCycle").asInt(0);
      for (JsonNode cycle : root.path("cycles"))
        last = Math.max(last, cycle.path("cycle").asInt(0));
      return last + 1;
    } catch (IOException | RuntimeException e) {
      return (int) ((nowMillis - 1_577_836_800_000L) / 60_000);
    }
  }
}
