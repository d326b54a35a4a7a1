package dev.timmyloop.bench;

import dev.timmyloop.cli.ExitCodes;
import dev.timmyloop.cli.FailureHandler;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ./timmy bench …}: the launcher runs this with the bench module's jar when the first
 * argument is {@code bench}; the same command name, options and failure lines as {@code timmy}.
 */
@Command(
    name = "timmy",
    mixinStandardHelpOptions = true,
    version = "timmy 0.1.0",
    description = "The Timmy development loop's benchmark.",
    subcommands = BenchCommand.class)
public final class Bench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "print the stack trace of a failure")
  boolean verbose;

  public static void main(String[] args) {
    // As Timmy.main: logging starts on one thread.
    LoggerFactory.getILoggerFactory();
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Bench()).setExecutionExceptionHandler(new FailureHandler());
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
