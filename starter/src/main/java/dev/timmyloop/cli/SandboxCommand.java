package dev.timmyloop.cli;

import dev.timmyloop.sandbox.DemoScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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

  @Option(
      names = "--ci-delay",
      paramLabel = "DURATION",
      defaultValue = "0s",
      description = "each CI run takes at least this long, like a real CI (e.g. 30s; default 0s)")
  Duration ciDelay;

  @Option(
      names = "--ci-runners",
      paramLabel = "N",
      defaultValue = "2",
      description = "CI runs at once (default 2)")
  int ciRunners;

  @Option(
      names = "--fast-forward-only",
      description =
          "allow fast-forward-only merges on the demo repository (Gitea's"
              + " allow_fast_forward_only_merge), beside squash and merge")
  boolean fastForwardOnly;

  @Option(
      names = "--no-ci-on-main",
      description =
          "run CI on pushes to PR branches only, not on main (a workflow on pull_request): with"
              + " --fast-forward-only, main only moves to shas CI already passed")
  boolean noCiOnMain;

  @Override
  protected int run() throws Exception {
    if (ciRunners < 1 || ciDelay.isNegative()) {
      err().println("--ci-runners must be at least 1 and --ci-delay not negative");
      return ExitCodes.USAGE;
    }
    Path dir =
        root != null ? Files.createDirectories(root) : Files.createTempDirectory("timmy-sandbox-");
    DemoScenario scenario = DemoScenario.create(dir, agentDelay.value);
    scenario.forge().setCi(ciRunners, ciDelay);
    if (noCiOnMain) scenario.forge().setCiOnDefaultBranch(scenario.owner(), scenario.repo(), false);
    if (fastForwardOnly) {
      scenario
          .forge()
          .allowMergeStyles(
              scenario.owner(), scenario.repo(), Set.of("merge", "squash", "fast-forward-only"));
    }
    err()
        .printf(
            "timmy sandbox: forge %s, repository %s/%s, files in %s (Ctrl-C stops it)%n",
            scenario.baseUrl(), scenario.owner(), scenario.repo(), dir);
    // TIMMY_KEY=value lines, sorted, ready for export or an env file.
    new TreeMap<>(scenario.env()).forEach((k, v) -> out().println(k + "=" + shellValue(v)));
    out().flush();
    err().flush();
    UntilStopped.await(scenario::close);
    return ExitCodes.OK;
  }

  /**
   * Values with spaces or shell characters are single-quoted, so the lines can be sourced ({@code
   * set -a; . ./sandbox.env}) as well as read.
   */
  public static String shellValue(String v) {
    return v.matches("[A-Za-z0-9_./:@%+=,-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
  }
}
