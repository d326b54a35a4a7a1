package dev.timmyloop.worker.world;

/** A known failure of a command: printed as one line, exit code 1 (2 for bad input). */
public class CliFailure extends RuntimeException {
  /** The exit codes of a failure and of bad input; {@code ExitCodes} names them for the CLI. */
  public static final int FAILURE = 1, BAD_INPUT = 2;

  private final int exitCode;

  public CliFailure(String message) {
    this(message, null);
  }

  public CliFailure(String message, Throwable cause) {
    this(message, cause, FAILURE);
  }

  private CliFailure(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Input the command cannot use (a missing program, a busy port, a wrong file): exit code 2. */
  public static CliFailure badInput(String message) {
    return new CliFailure(message, null, BAD_INPUT);
  }

  public int exitCode() {
    return exitCode;
  }
}
