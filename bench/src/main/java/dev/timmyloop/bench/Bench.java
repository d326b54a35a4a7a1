package dev.timmyloop.bench;

import dev.timmyloop.cli.RootCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./timmy bench …}: the launcher runs this with the bench module's jar when the first
 * argument is {@code bench}; the same command name, options and failure lines as {@code timmy}.
 */
@Command(
    name = "timmy",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // --help and --version on every subcommand too
    version = "timmy 0.1.0",
    description = "The Timmy development loop's benchmark.",
    subcommands = BenchCommand.class)
public final class Bench extends RootCommand {
  public static void main(String[] args) {
    main(new Bench(), args);
  }

  static CommandLine commandLine() {
    return commandLine(new Bench());
  }
}
