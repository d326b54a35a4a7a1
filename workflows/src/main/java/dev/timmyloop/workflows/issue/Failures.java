package dev.timmyloop.workflows.issue;

import io.temporal.failure.ApplicationFailure;

/** Turns a failure into the one line a result's {@code reason} carries. Pure. */
public final class Failures {
  private Failures() {}

  /** The innermost application failure as {@code Type: message}, else the outermost message. */
  public static String describe(Throwable t) {
    ApplicationFailure app = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ApplicationFailure a) app = a;
    }
    if (app != null) return app.getType() + ": " + app.getOriginalMessage();
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
