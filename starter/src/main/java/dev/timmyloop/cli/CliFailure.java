package dev.timmyloop.cli;

/** A known failure of a command: printed as one line, exit code 1 (2 for bad input). */
public class CliFailure extends RuntimeException {
  private final int exitCode;

  public CliFailure(String message) {
    this(message, null);
  }

  public CliFailure(String message, Throwable cause) {
    this(message, cause, ExitCodes.FAILURE);
  }

  private CliFailure(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Input the command cannot use (a missing program, a busy port, a wrong file): exit code 2. */
  public static CliFailure badInput(String message) {
    return new CliFailure(message, null, ExitCodes.CONFIG);
  }

  public int exitCode() {
    return exitCode;
  }
}
