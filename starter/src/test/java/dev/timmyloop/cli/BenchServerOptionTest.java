package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.cli.TimmyChild.Exit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./timmy bench --server real|test}: the bad inputs, each one line and exit 2. */
class BenchServerOptionTest {
  @Test
  void anUnknownServerIsAUsageError() {
    TimmyTest.Run run = TimmyTest.timmy("bench", "--server", "prod");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("--server: 'prod'; use real or test"), run.err());
  }

  @Test
  void theRealServerWithoutACliSaysWhatIsMissing(@TempDir Path dir) throws Exception {
    Map<String, String> env = TimmyChild.env(dir);
    env.put("PATH", TimmyChild.pathWithoutTemporal());
    env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + dir);
    Exit exit =
        TimmyChild.run(dir, "bench", env, Duration.ofMinutes(2), "bench", "--server", "real", "--out",
            dir.resolve("out").toString());
    assertEquals(ExitCodes.CONFIG, exit.code(), exit.out() + exit.err());
    assertTrue(exit.err().contains("bench --server real: no Temporal CLI"), exit.err());
  }
}
