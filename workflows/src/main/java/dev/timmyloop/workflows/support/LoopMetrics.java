package dev.timmyloop.workflows.support;

import com.uber.m3.util.Duration;
import dev.timmyloop.activities.ActivityMetrics;
import io.temporal.workflow.Workflow;

/**
 * The loop's own metrics from workflow code. They go through {@link Workflow#getMetricsScope()},
 * which records nothing while replaying, so a replayed history never counts twice. Names are the
 * Tally names; Prometheus adds {@code _total} to counters and {@code _seconds} to timers.
 */
public final class LoopMetrics {
  public static final String CYCLES = "timmy_cycles";
  public static final String PHASE_DURATION = "timmy_phase_duration";
  public static final String ISSUES_DISPATCHED = "timmy_issues_dispatched";
  public static final String ISSUES_LANDED = "timmy_issues_landed";
  public static final String ISSUES_FAILED = "timmy_issues_failed";
  public static final String ISSUES_FILED = "timmy_issues_filed";
  public static final String PRS_REBASED = "timmy_prs_rebased";
  public static final String PRS_REPAIRED = "timmy_prs_repaired";
  public static final String PRS_MERGED = "timmy_prs_merged";
  public static final String PRS_PARKED = "timmy_prs_parked";
  public static final String CI_WAIT = "timmy_ci_wait";

  /** Every agent job that ended, by profile and outcome; a RETRY_LATER re-dispatch counts again. */
  public static final String AGENT_ATTEMPTS = "timmy_agent_attempts";

  private LoopMetrics() {}

  /** Adds one to counter {@code name}, with tags given as key, value, key, value… */
  public static void count(String name, String... tags) {
    ActivityMetrics.tagged(Workflow.getMetricsScope(), tags).counter(name).inc(1);
  }

  public static void time(String name, long millis, String... tags) {
    ActivityMetrics.tagged(Workflow.getMetricsScope(), tags)
        .timer(name)
        .record(Duration.ofMillis(millis));
  }
}
