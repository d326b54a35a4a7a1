package dev.timmyloop.cli;

import java.time.Duration;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** A top command, {@code timmy} or the bench's: {@code --verbose} and the one failure handler. */
public abstract class RootCommand extends GroupCommand {
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "print the stack trace of a failure")
  boolean verbose;

  /** The whole command line; tests drive it in-process. */
  public static CommandLine commandLine(RootCommand root) {
    return new CommandLine(root)
        .registerConverter(Duration.class, new DurationConverter())
        .setExecutionExceptionHandler(new FailureHandler());
  }

  public static void main(RootCommand root, String[] args) {
    // Logging starts here, on one thread: when several reader threads log first, SLF4J prints a
    // three-line "replayed calls" warning over the panel.
    LoggerFactory.getILoggerFactory();
    System.exit(commandLine(root).execute(args));
  }
}
