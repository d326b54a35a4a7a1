package dev.timmyloop.cli;

import java.time.Duration;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
    name = "timmy",
    mixinStandardHelpOptions = true,
    version = "timmy 0.1.0",
    description = "The Timmy development loop on Temporal.",
    subcommands = {
      DemoCommand.class,
      ServerCommand.class,
      WorkerCommand.class,
      CycleCommand.class,
      LoopCommand.class,
      SandboxCommand.class,
      dev.timmyloop.cli.ops.OpsCommand.class,
      ScheduleCommand.class,
      DoctorCommand.class,
      ClaimCommand.class
    })
public final class Timmy extends GroupCommand {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "print the stack trace of a failure")
  boolean verbose;

  public static void main(String[] args) {
    // Logging starts here, on one thread: when several reader threads log first, SLF4J prints a
    // three-line "replayed calls" warning over the panel.
    LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  /** The whole command line, with its one failure handler; tests drive it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Timmy())
        .registerConverter(Duration.class, new DurationConverter())
        .setExecutionExceptionHandler(new FailureHandler());
  }
}
