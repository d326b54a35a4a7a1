package dev.timmyloop.activities.kimi;

import dev.timmyloop.config.TimmyConfig;

/** TEMP stub for compile; the real implementation comes from another branch. */
public class KimiActivitiesImpl implements KimiActivities {
  public KimiActivitiesImpl(TimmyConfig config) {}

  private static UnsupportedOperationException todo() {
    return new UnsupportedOperationException("TEMP stub");
  }

  @Override public JobTicket dispatch(JobRequest r) { throw todo(); }
  @Override public JobResult awaitJob(AwaitRequest r) { throw todo(); }
  @Override public void cancelJob(String id) { throw todo(); }
  @Override public AnalysisResult analyze(AnalysisRequest r) { throw todo(); }
}
