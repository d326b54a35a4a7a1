package dev.timmyloop.activities.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** timmy_panes_busy and timmy_panes_recreated, recorded in the activity's metrics scope. */
class PaneMetricsTest {
  @TempDir Path root;

  @Test
  void countsRecreatedPanesButNotTheFirstCreationAndGaugesBusyPanes() throws Exception {
    Recorder recorder = new Recorder();
    Scope scope =
        new RootScopeBuilder()
            .reporter(recorder)
            .reportEvery(com.uber.m3.util.Duration.ofMillis(100));
    TestActivityEnvironment env =
        TestActivityEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setMetricsScope(scope).build());
    try (TmuxTestServer server = new TmuxTestServer(root)) {
      env.registerActivitiesImplementations(
          new TmuxActivitiesImpl(server.config("Watch", "kimi -p {prompt}", Map.of())));
      TmuxActivities tmux =
          env.newActivityStub(
              TmuxActivities.class,
              ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

      assertEquals(4, tmux.ensureSession().created().size());
      server.tmux.check("kill-pane", "-t", "Watch:0.3");
      assertEquals(1, tmux.ensureSession().created().size());
      server.personRuns("Watch:0.1", "sleep 30");
      TmuxTestServer.await("pane 1 busy", () -> !tmux.paneStatus().get(1).idle());
      scope.close();

      assertEquals(1L, recorder.counters.getOrDefault("timmy_panes_recreated", 0L));
      assertEquals(1.0, recorder.gauges.get("timmy_panes_busy"));
    } finally {
      env.close();
    }
  }

  /** Sums counters and keeps each gauge's last value, by name. */
  private static final class Recorder implements StatsReporter {
    final Map<String, Long> counters = new ConcurrentHashMap<>();
    final Map<String, Double> gauges = new ConcurrentHashMap<>();

    @Override
    public void reportCounter(String name, Map<String, String> tags, long value) {
      counters.merge(name, value, Long::sum);
    }

    @Override
    public void reportGauge(String name, Map<String, String> tags, double value) {
      gauges.put(name, value);
    }

    @Override
    public void reportTimer(
        String name, Map<String, String> tags, com.uber.m3.util.Duration interval) {}

    @Override
    public void reportHistogramValueSamples(
        String name,
        Map<String, String> tags,
        Buckets buckets,
        double bucketLowerBound,
        double bucketUpperBound,
        long samples) {}

    @Override
    public void reportHistogramDurationSamples(
        String name,
        Map<String, String> tags,
        Buckets buckets,
        com.uber.m3.util.Duration bucketLowerBound,
        com.uber.m3.util.Duration bucketUpperBound,
        long samples) {}

    @Override
    public Capabilities capabilities() {
      return CapableOf.REPORTING;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
