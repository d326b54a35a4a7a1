package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CycleNumbersTest {
  @TempDir Path dir;

  @Test
  void noStateFileStartsAtOne() {
    assertEquals(1, CycleNumbers.next(dir.resolve("state.json"), 0));
  }

  @Test
  void lastCycleOrHighestRecordedPlusOne() throws IOException {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{\"lastCycle\": 4}");
    assertEquals(5, CycleNumbers.next(file, 0));
    Files.writeString(file, "{\"cycles\": [{\"cycle\": 7}, {\"cycle\": 3}]}");
    assertEquals(8, CycleNumbers.next(file, 0));
  }

  @Test
  void unreadableStateFileFallsBackToTheClock() throws IOException {
    Path file = Files.writeString(dir.resolve("state.json"), "{not json");
    int n = CycleNumbers.next(file, 1_800_000_000_000L);
    assertTrue(n > 1_000_000, "clock-based number " + n);
  }
}
