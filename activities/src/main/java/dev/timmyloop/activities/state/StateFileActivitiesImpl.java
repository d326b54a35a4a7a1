package dev.timmyloop.activities.state;

import dev.timmyloop.config.TimmyConfig;

/** TEMP stub for compile; the real implementation comes from another branch. */
public class StateFileActivitiesImpl implements StateFileActivities {
  public StateFileActivitiesImpl(TimmyConfig config) {}

  private static UnsupportedOperationException todo() {
    return new UnsupportedOperationException("TEMP stub");
  }

  @Override public LoopState readState() { throw todo(); }
  @Override public ClaimOutcome claim(ClaimRequest r) { throw todo(); }
  @Override public void release(Release r) { throw todo(); }
  @Override public void appendCycleRecord(CycleRecord r) { throw todo(); }
  @Override public void rememberReportedFailure(ReportedFailure f) { throw todo(); }
  @Override public void appendCorrespondence(String markdown) { throw todo(); }
}
