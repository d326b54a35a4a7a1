package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.client.WorkflowOptions;
import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every dashboard under grafana/dashboards, asked of a real Prometheus that scraped
 * the worker's real {@code /metrics} through a whole demo cycle (as {@code ./timmy demo} runs it:
 * the port-bound test server, the worker process' own start). A query that answers nothing is a
 * panel that shows "No data" after a good cycle: a bug in the dashboard or in what the code emits.
 */
@Tag("prometheus")
class DashboardQueriesTest {
  @TempDir Path root;

  @Test
  void everyDashboardQueryAnswersAfterADemoCycle() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(LocalPrometheus.BINARY), "no " + LocalPrometheus.BINARY + " here");
    List<DashboardExpressions.Query> queries =
        DashboardExpressions.all(DashboardExpressions.dashboardsDir());
    assertFalse(queries.isEmpty(), "no dashboard expressions found");

    int temporalPort = LocalPrometheus.freePort();
    PortBoundTestServer server = TestServer.createPortBoundServer(temporalPort);
    TimmyConfig config = null;
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      config = config(demo, "127.0.0.1:" + temporalPort, LocalPrometheus.freePort());
      try (TimmyWorker worker =
          TimmyWorker.start(new WorkerConfig(config, true, Duration.ofSeconds(10)))) {
        try (LocalPrometheus prometheus =
            LocalPrometheus.start(
                root.resolve("prometheus"), "timmy-worker", "127.0.0.1:" + config.metricsPort())) {
          CycleResult result = runCycle(worker, config);
          assertEquals("ok", result.outcome(), result.toString());
          List<Long> landed = result.landed().stream().sorted().toList();
          assertEquals(demo.issues(), landed, result.toString());

          // Tally reports every second; then three scrapes that started after that.
          prometheus.awaitScrapesAfter(System.currentTimeMillis() + 1_500, 3);
          List<String> bad = new ArrayList<>();
          for (DashboardExpressions.Query q : queries) {
            JsonNode series = prometheus.query(q.expr());
            String verdict = verdict(series);
            System.out.printf(
                "%-5s %s | %s | %s => %s%n",
                verdict, q.dashboard(), q.panel(), q.expr(), summary(series));
            if (!verdict.equals("ok")) {
              bad.add(verdict + " " + q.dashboard() + " / " + q.panel() + ": " + q.expr());
            }
          }
          System.out.flush();
          assertTrue(
              bad.isEmpty(),
              bad.size()
                  + " of "
                  + queries.size()
                  + " dashboard queries answered nothing (EMPTY) or not a number (NaN):\n  "
                  + String.join("\n  ", bad));
          for (String timer : LONG_TIMERS) assertLongBuckets(prometheus, timer);
          // Right after the first cycle, "last hour" must read the whole counts (not increase()'s
          // count of what came after each series' first sample).
          assertEquals(1, total(prometheus, queries, "Cycles by outcome (last hour)", 0), 1e-9);
          assertEquals(
              demo.issues().size(),
              total(prometheus, queries, "Issues dispatched / landed / failed (last hour)", 1),
              1e-9);
        }
      } finally {
        killTmux(config);
      }
    } finally {
      server.close();
    }
  }

  /** Timers whose quantiles must reach past Micrometer's default 30 s (MetricsEndpoint). */
  private static final List<String> LONG_TIMERS =
      List.of("timmy_phase_duration", "timmy_agent_job_duration", "timmy_ci_wait");

  /**
   * EMPTY: no series (the panel shows "No data"). NaN: only NaN values, e.g. a quantile over
   * buckets that all count 0 – right after a cycle every series is new, so that is a bug too.
   */
  private static String verdict(JsonNode series) {
    if (series.size() == 0) return "EMPTY";
    for (JsonNode s : series) {
      if (!s.get("value").get(1).asText().equals("NaN")) return "ok";
    }
    return "NaN";
  }

  /** The sum over the series of the {@code index}-th query of the panel titled {@code panel}. */
  private static double total(
      LocalPrometheus prometheus, List<DashboardExpressions.Query> queries, String panel, int index)
      throws Exception {
    String expr =
        queries.stream()
            .filter(q -> q.panel().equals(panel))
            .skip(index)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no panel " + panel))
            .expr();
    double sum = 0;
    for (JsonNode s : prometheus.query(expr)) sum += s.get("value").get(1).asDouble();
    return sum;
  }

  private static void assertLongBuckets(LocalPrometheus prometheus, String timer) throws Exception {
    double top = 0;
    for (JsonNode s : prometheus.query(timer + "_seconds_bucket")) {
      String le = s.get("metric").get("le").asText();
      if (!le.equals("+Inf")) top = Math.max(top, Double.parseDouble(le));
    }
    assertTrue(top >= 3600, timer + ": highest finite bucket " + top + " s, want >= 1 h");
  }

  private static CycleResult runCycle(TimmyWorker worker, TimmyConfig config) {
    TimmyCycle cycle =
        worker
            .client()
            .newWorkflowStub(
                TimmyCycle.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("timmy-cycle-1")
                    .setTaskQueue(config.taskQueue())
                    .build());
    return cycle.run(new CycleInput(null, null, null, true, null));
  }

  /** Up to six series, each as its labels that matter and its value. */
  private static String summary(JsonNode series) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(6, series.size()); i++) {
      JsonNode s = series.get(i);
      out.add(s.get("metric").toString() + "=" + s.get("value").get(1).asText());
    }
    return (series.size() > 6 ? series.size() + " series, " : "") + String.join(" ", out);
  }

  private static TimmyConfig config(DemoScenario demo, String temporal, int metricsPort)
      throws Exception {
    Map<String, String> env = new HashMap<>(demo.env());
    env.put("HOME", demo.root().toString());
    env.put("TIMMY_PANES", "3");
    env.put("TIMMY_MAX_DISPATCH", "3");
    env.put("TIMMY_CI_TIMEOUT", "5m");
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_CYCLE_BUDGET", "10m");
    env.put("TIMMY_TMUX_SOCKET", "timmy-prom-" + ProcessHandle.current().pid());
    env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
    env.put("TIMMY_TEMPORAL_ADDRESS", temporal);
    env.put("TIMMY_NAMESPACE", "default");
    env.put("TIMMY_TASK_QUEUE", TimmyWorker.TASK_QUEUE);
    env.put("TIMMY_METRICS_PORT", String.valueOf(metricsPort));
    return ConfigLoader.load(env, Files.writeString(demo.root().resolve("timmy.json"), "{}"));
  }

  private static void killTmux(TimmyConfig config) throws Exception {
    if (config == null) return;
    new ProcessBuilder("tmux", "-L", config.tmuxSocket(), "kill-server")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }
}
