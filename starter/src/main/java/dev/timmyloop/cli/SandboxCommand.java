package dev.timmyloop.cli;

import dev.timmyloop.sandbox.DemoScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "sandbox",
    description = "Run the local forge with the demo repository, issues and PRs until stopped.")
public final class SandboxCommand extends BaseCommand {
  @Mixin AgentDelayOption agentDelay;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "where the forge keeps its files (default: a temp folder)")
  Path root;

  @Override
  protected int run() throws Exception {
    Path dir =
        root != null ? Files.createDirectories(root) : Files.createTempDirectory("timmy-sandbox-");
    DemoScenario scenario = DemoScenario.create(dir, agentDelay.value);
    err()
        .println(
            "timmy sandbox: forge "
                + scenario.baseUrl()
                + ", repository "
                + scenario.owner()
                + "/"
                + scenario.repo()
                + ", files in "
                + dir
                + " (Ctrl-C stops it)");
    printEnv(scenario.env());
    UntilStopped.await(scenario::close);
    return ExitCodes.OK;
  }

  /** {@code TIMMY_KEY=value} lines, sorted, ready for {@code export} or an env file. */
  void printEnv(Map<String, String> env) {
    new TreeMap<>(env).forEach((k, v) -> out().println(k + "=" + shellValue(v)));
    out().flush();
    err().flush();
  }

  /**
   * Values with spaces or shell characters are single-quoted, so the lines can be sourced ({@code
   * set -a; . ./sandbox.env}) as well as read.
   */
  public static String shellValue(String v) {
    return v.matches("[A-Za-z0-9_./:@%+=,-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
  }
}
