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
          assertEquals(demo.issues(), result.landed().stream().sorted().toList(), result.toString());

          // Tally reports every second; then three scrapes that started after that.
          prometheus.awaitScrapesAfter(System.currentTimeMillis() + 1_500, 3);
          List<String> empty = new ArrayList<>();
          for (DashboardExpressions.Query q : queries) {
            JsonNode series = prometheus.query(q.expr());
            boolean ok = series.size() > 0;
            System.out.printf(
                "%-5s %s | %s | %s => %s%n",
                ok ? "ok" : "EMPTY", q.dashboard(), q.panel(), q.expr(), summary(series));
            if (!ok) empty.add(q.dashboard() + " / " + q.panel() + ": " + q.expr());
          }
          System.out.flush();
          assertTrue(
              empty.isEmpty(),
              empty.size()
                  + " of "
                  + queries.size()
                  + " dashboard queries answered nothing:\n  "
                  + String.join("\n  ", empty));
        }
      } finally {
        killTmux(config);
      }
    } finally {
      server.close();
    }
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

  /** Up to three series, each as its labels that matter and its value. */
  private static String summary(JsonNode series) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(3, series.size()); i++) {
      JsonNode s = series.get(i);
      out.add(s.get("metric").toString() + "=" + s.get("value").get(1).asText());
    }
    return (series.size() > 3 ? series.size() + " series, " : "") + String.join(" ", out);
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
