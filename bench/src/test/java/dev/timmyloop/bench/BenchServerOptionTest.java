package dev.timmyloop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.cli.ExitCodes;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./timmy bench --server real|test}: the bad inputs, each one line and exit 2. */
class BenchServerOptionTest {
  @Test
  void anUnknownServerIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = Bench.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    int code = cli.execute("bench", "--server", "prod");
    assertEquals(ExitCodes.USAGE, code);
    assertTrue(err.toString().contains("--server: 'prod'; use real or test"), err.toString());
  }

  @Test
  void theRealServerWithoutACliSaysWhatIsMissing(@TempDir Path dir) throws Exception {
    // A process of its own: the Temporal CLI is looked up on its PATH, which lacks one here.
    List<String> path = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && !Files.isExecutable(Path.of(d, "temporal"))) path.add(d);
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                Bench.class.getName(),
                "bench",
                "--server",
                "real",
                "--out",
                dir.resolve("out").toString())
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    pb.environment().clear();
    pb.environment().put("PATH", String.join(File.pathSeparator, path));
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "bench did not end");
    String err = Files.readString(dir.resolve("err.txt"));
    assertEquals(ExitCodes.CONFIG, p.exitValue(), Files.readString(dir.resolve("out.txt")) + err);
    assertTrue(err.contains("bench --server real: no Temporal CLI"), err);
  }
}
