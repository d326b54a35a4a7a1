package dev.timmyloop.activities.tox;

import dev.timmyloop.config.TimmyConfig;

/** TEMP stub for compile; the real implementation comes from another branch. */
public class ToxActivitiesImpl implements ToxActivities {
  public ToxActivitiesImpl(TimmyConfig config) {}

  private static UnsupportedOperationException todo() {
    return new UnsupportedOperationException("TEMP stub");
  }

  @Override public TestRun runTests(TestRequest r) { throw todo(); }
}
