package dev.timmyloop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

@Command(
    name = "timmy",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // --help and --version on every subcommand too
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
public final class Timmy extends RootCommand {
  public static void main(String[] args) {
    main(new Timmy(), args);
  }

  public static CommandLine commandLine() {
    return commandLine(new Timmy());
  }
}
