package dev.timmyloop.worker;

/** The Temporal frontend did not answer; the CLI exits with 3. */
public class TemporalUnreachableException extends StartupFailure {
  public TemporalUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
