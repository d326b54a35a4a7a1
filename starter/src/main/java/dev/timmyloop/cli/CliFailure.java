package dev.timmyloop.cli;

/** A known failure of a command: printed as one line, exit code 1. */
public class CliFailure extends RuntimeException {
  public CliFailure(String message) {
    super(message);
  }

  public CliFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
