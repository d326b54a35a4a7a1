package dev.timmyloop.activities;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.temporal.activity.Activity;
import java.util.HashMap;
import java.util.Map;

/**
 * The loop's metrics from activities. They go to the current activity's metrics scope (the worker's
 * scope, reported on its {@code /metrics}, tagged with the activity and workflow type); outside an
 * activity (plain tests, other threads) they go nowhere. Names are the Tally names; Prometheus adds
 * {@code _total} to counters and {@code _seconds} to timers (see grafana/metric-names.txt).
 */
public final class ActivityMetrics {
  public static final String AGENT_JOB_DURATION = "timmy_agent_job_duration";
  public static final String TEST_RUNS = "timmy_test_runs";
  public static final String GITEA_REQUEST_DURATION = "timmy_gitea_request_duration";
  public static final String PANES_BUSY = "timmy_panes_busy";
  public static final String PANES_RECREATED = "timmy_panes_recreated";

  private static final Scope NONE = new NoopScope();

  private ActivityMetrics() {}

  /** The current activity's scope, or a scope that records nothing outside an activity. */
  public static Scope scope() {
    try {
      return Activity.getExecutionContext().getMetricsScope();
    } catch (RuntimeException e) {
      return NONE;
    }
  }

  /** Adds {@code n} to counter {@code name}, with tags given as key, value, key, value… */
  public static void count(String name, long n, String... tags) {
    tagged(scope(), tags).counter(name).inc(n);
  }

  public static void time(String name, long nanos, String... tags) {
    time(scope(), name, nanos, tags);
  }

  /** The same in {@code scope}: a background wait keeps its activity's scope. */
  public static void time(Scope scope, String name, long nanos, String... tags) {
    tagged(scope, tags).timer(name).record(Duration.ofNanos(nanos));
  }

  /**
   * Sets gauge {@code name}. A gauge is one value per worker: the activity's own tags (activity and
   * workflow type) are overwritten with {@code none}, or every caller would leave its own stale
   * series behind and a sum over them would count the same panes twice.
   */
  public static void gauge(String name, double value) {
    Scope scope = scope().tagged(Map.of("activity_type", "none", "workflow_type", "none"));
    scope.gauge(name).update(value);
  }

  /** {@code scope} with tags given as key, value, key, value… */
  public static Scope tagged(Scope scope, String... tags) {
    if (tags.length == 0) return scope;
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < tags.length; i += 2) map.put(tags[i], tags[i + 1]);
    return scope.tagged(map);
  }
}
