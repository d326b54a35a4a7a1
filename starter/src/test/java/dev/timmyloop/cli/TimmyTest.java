package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.worker.world.EmbeddedServer;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives the real command line in-process, as a person would type it. */
class TimmyTest {
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {
    String[] errLines() {
      return err.strip().split("\n");
    }
  }

  static Run timmy(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Timmy.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String config(String json) throws IOException {
    return Files.writeString(dir.resolve("timmy.json"), json).toString();
  }

  @Test
  void helpListsEverySubcommand() {
    Run run = timmy("--help");
    assertEquals(ExitCodes.OK, run.exitCode());
    for (String sub : new String[] {"demo", "server", "worker", "cycle", "loop", "sandbox"}) {
      assertTrue(run.out().contains("  " + sub + " "), sub + " missing in:\n" + run.out());
    }
  }

  @Test
  void everySubcommandAnswersHelp() {
    List<String> paths = new ArrayList<>();
    walk(Timmy.commandLine(), List.of(), paths);
    assertTrue(paths.size() > 20, "commands: " + paths);
    for (String path : paths) {
      List<String> args = new ArrayList<>(List.of(path.split(" ")));
      args.add("--help");
      Run run = timmy(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, run.exitCode(), path + " --help: " + run.err());
      assertTrue(run.out().startsWith("Usage: timmy " + path), path + ": " + run.out());
    }
  }

  private static void walk(CommandLine command, List<String> path, List<String> paths) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> here = new ArrayList<>(path);
              here.add(name);
              paths.add(String.join(" ", here));
              walk(sub, here, paths);
            });
  }

  @Test
  void groupWithoutSubcommandIsAUsageError() {
    Run run = timmy("cycle");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("start"), run.err());
  }

  /** Every command's durations take the configuration's forms, through the one converter. */
  @Test
  void durationOptionsTakeTheConfigurationsForms() {
    Run run = timmy("loop", "start", "--pause", "ten minutes");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(
        run.err().contains("'ten minutes' is not a duration (like 90s, 5m, 1h30m)"), run.err());
    Run sandbox = timmy("sandbox", "--agent-delay", "2 s");
    assertEquals(ExitCodes.USAGE, sandbox.exitCode());
    assertTrue(sandbox.err().contains("'2 s' is not a duration (like 90s"), sandbox.err());
    Run noRunner = timmy("sandbox", "--ci-runners", "0");
    assertEquals(ExitCodes.USAGE, noRunner.exitCode());
    assertTrue(noRunner.err().contains("--ci-runners must be at least 1"), noRunner.err());
  }

  @Test
  void badConfigValueIsOneLineAndExitTwo() throws IOException {
    Run run = timmy("cycle", "start", "--config", config("{\"panes\": \"abc\"}"));
    assertEquals(ExitCodes.CONFIG, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertEquals("config error: panes: 'abc' is not a whole number", run.errLines()[0]);
  }

  @Test
  void unreachableTemporalIsOneLineAndExitThree() throws IOException {
    int port = EmbeddedServer.freePort(); // nothing listens there
    Run run = timmy("cycle", "start", "--config", config("{}"), "--address", "127.0.0.1:" + port);
    assertEquals(ExitCodes.UNREACHABLE, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(
        run.errLines()[0].startsWith("cannot reach Temporal at 127.0.0.1:" + port), run.err());
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    int port = EmbeddedServer.freePort();
    Run run =
        timmy(
            "cycle",
            "start",
            "--verbose",
            "--config",
            config("{}"),
            "--address",
            "127.0.0.1:" + port);
    assertEquals(ExitCodes.UNREACHABLE, run.exitCode());
    assertTrue(run.err().contains("TemporalUnreachableException"), run.err());
  }

  @Test
  void badInputJsonIsOneLine() throws IOException {
    Run run = timmy("cycle", "start", "--config", config("{}"), "--input", "{\"dryRun\": ");
    assertEquals(ExitCodes.FAILURE, run.exitCode());
    assertTrue(run.errLines()[0].startsWith("--input is not a CycleInput"), run.err());
  }

  /**
   * Against a server without a worker: the cycle starts, status says RUNNING, the loop is absent.
   */
  @Test
  void cycleStartAndStatusAgainstTheTestServer() throws IOException {
    int port = EmbeddedServer.freePort();
    String address = "127.0.0.1:" + port;
    String file = config("{\"stateDir\": \"" + dir.resolve("state") + "\"}");
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port)) {
      Run first = timmy("cycle", "start", "--config", file, "--address", address);
      assertEquals(ExitCodes.OK, first.exitCode(), first.err());
      assertTrue(first.out().startsWith("started timmy-cycle-1 (run "), first.out());

      // The number is taken; the next automatic one skips it.
      Run second = timmy("cycle", "start", "--config", file, "--address", address);
      assertTrue(second.out().startsWith("started timmy-cycle-2 (run "), second.out());

      Run again = timmy("cycle", "start", "--config", file, "--address", address, "--id", "1");
      assertEquals(ExitCodes.FAILURE, again.exitCode());
      assertTrue(again.err().startsWith("timmy-cycle-1 already exists"), again.err());

      Run status = timmy("cycle", "status", "1", "--config", file, "--address", address);
      assertEquals(ExitCodes.OK, status.exitCode(), status.err());
      assertTrue(status.out().startsWith("timmy-cycle-1: RUNNING (run "), status.out());
      assertTrue(status.out().contains("phase: unknown (no worker answered"), status.out());

      Run missing = timmy("cycle", "status", "99", "--config", file, "--address", address);
      assertEquals(ExitCodes.FAILURE, missing.exitCode());
      assertTrue(missing.err().startsWith("no workflow timmy-cycle-99"), missing.err());

      Run loop = timmy("loop", "pause", "--config", file, "--address", address);
      assertEquals(ExitCodes.FAILURE, loop.exitCode());
      assertEquals(
          "timmy-loop is not running; start it with `./timmy loop start`", loop.err().strip());
    }
  }
}
