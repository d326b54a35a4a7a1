package dev.timmyloop.cli;

import dev.timmyloop.activities.agent.AgentDoctor;
import dev.timmyloop.activities.agent.AgentDoctor.Line;
import dev.timmyloop.config.AgentNames;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.worker.world.TemporalCli;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Whether the coding agent can start on this machine, checked as the worker's panes would start it.
 */
@Command(
    name = "doctor",
    description =
        "Check the coding agent: its program on PATH, its version, the flags in its help, its"
            + " model variables, the sandbox; and the host: tmux, git, the test command, the"
            + " Temporal CLI. Exit 0: the agent is usable; 1: it is not; 2: bad input.")
final class DoctorCommand extends BaseCommand {
  @Mixin ConfigOption configOption;

  @Option(
      names = "--agent",
      paramLabel = "NAME",
      description = "the agent to check (default: agent)")
  String agent;

  @Option(names = "--all", description = "check every known agent")
  boolean all;

  @Override
  protected int run() {
    TimmyConfig config = configOption.config();
    String wanted = agent == null || agent.isBlank() ? config.agent() : agent.trim();
    if (!AgentNames.ALL.contains(wanted)) {
      err()
          .println(
              "unknown agent '" + wanted + "' (known: " + String.join(", ", AgentNames.ALL) + ")");
      return ExitCodes.USAGE;
    }
    Map<String, String> env = System.getenv();
    AgentDoctor doctor = new AgentDoctor(config, env);
    List<String> names = all ? doctor.names() : List.of(wanted);
    boolean usable = false;
    List<Line> host = List.of();
    for (String name : names) {
      AgentDoctor.Report report = doctor.check(name);
      report.lines().forEach(line -> out().println(line.render(name)));
      if (name.equals(wanted)) {
        usable = report.usable();
        host = report.host();
      }
    }
    // Once, not per agent; the tests and the Temporal CLI only warn: neither stops a job.
    Stream.concat(host.stream(), Stream.of(doctor.tests(), temporal(env)))
        .forEach(line -> out().println(line.render(AgentDoctor.HOST)));
    out().println(wanted + (usable ? " is usable" : " cannot run here"));
    return usable ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** {@code ./timmy server} runs the SDK test server without it: a warning at most. */
  private static Line temporal(Map<String, String> env) {
    try {
      return TemporalCli.find(env)
          .map(cli -> Line.ok("temporal", cli.toString()))
          .orElseGet(() -> Line.warning("temporal", TemporalCli.missingLine()));
    } catch (CliFailure e) {
      return Line.warning("temporal", e.getMessage());
    }
  }
}
