package dev.timmyloop.activities.tmux;

import dev.timmyloop.config.TimmyConfig;

/** TEMP stub for compile; the real implementation comes from another branch. */
public class TmuxActivitiesImpl implements TmuxActivities {
  public TmuxActivitiesImpl(TimmyConfig config) {}

  private static UnsupportedOperationException todo() {
    return new UnsupportedOperationException("TEMP stub");
  }

  @Override public SessionState ensureSession() { throw todo(); }
  @Override public java.util.List<PaneStatus> paneStatus() { throw todo(); }
}
