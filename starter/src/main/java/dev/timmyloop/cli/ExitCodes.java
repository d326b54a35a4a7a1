package dev.timmyloop.cli;

import dev.timmyloop.worker.world.CliFailure;

/** The exit codes of {@code ./timmy}, named once. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;

  /** A command ran and failed (a workflow failed, a demo check did not hold, a known failure). */
  public static final int FAILURE = CliFailure.FAILURE;

  /** Bad command line or bad configuration (picocli's usage code is also 2). */
  public static final int CONFIG = CliFailure.BAD_INPUT;

  public static final int USAGE = CONFIG;

  /** The Temporal frontend did not answer. */
  public static final int UNREACHABLE = 3;
}
