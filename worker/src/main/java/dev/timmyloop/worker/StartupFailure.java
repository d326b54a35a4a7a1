package dev.timmyloop.worker;

/**
 * A known reason the worker or a command cannot start; its message is one line a person can act on.
 */
public class StartupFailure extends RuntimeException {
  public StartupFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
