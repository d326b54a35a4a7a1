package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.client.WorkflowOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TimmyWorkerTest {
  @TempDir Path dir;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  TimmyConfig config(String address, int metricsPort) throws IOException {
    Path file = Files.writeString(dir.resolve("timmy.json"), "{}");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("TIMMY_TEMPORAL_ADDRESS", address);
    env.put("TIMMY_METRICS_PORT", String.valueOf(metricsPort));
    env.put("TIMMY_REPO_PATH", dir.resolve("repo").toString());
    return ConfigLoader.load(env, file);
  }

  /**
   * The real worker against the port-bound test server: it polls, runs an activity, and serves
   * metrics.
   */
  @Test
  void workerRunsWorkflowsAndServesMetrics() throws Exception {
    int port = freePort();
    int metricsPort = freePort();
    // An empty PATH for the start-up agent check: it warns, and the worker starts all the same.
    Map<String, String> workerEnv = Map.of("PATH", "", "HOME", dir.toString());
    ListAppender<ILoggingEvent> startup = new ListAppender<>();
    Logger checkLog = (Logger) LoggerFactory.getLogger(AgentStartupCheck.class);
    startup.start();
    checkLog.addAppender(startup);
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
        TimmyWorker worker =
            TimmyWorker.start(
                WorkerConfig.of(config("127.0.0.1:" + port, metricsPort)).withEnv(workerEnv),
                w -> w.registerWorkflowImplementationTypes(ProbeWorkflow.Impl.class))) {
      checkLog.detachAppender(startup);
      assertTrue(worker.readyLine().contains("test server: sticky queues off"), worker.readyLine());
      assertTrue(
          worker.readyLine().startsWith("timmy worker ready: task queue timmy-loop on 127.0.0.1:"));
      assertTrue(
          worker.readyLine().endsWith(", agent kimi-cli, sandbox none (bwrap not found)"),
          worker.readyLine());
      List<String> warned =
          startup.list.stream()
              .filter(e -> e.getLevel() == Level.WARN)
              .map(ILoggingEvent::getFormattedMessage)
              .toList();
      assertTrue(
          warned.stream().anyMatch(l -> l.startsWith("kimi-cli program: problem: kimi is not on")),
          warned.toString());
      assertTrue(
          warned.contains(
              "host tmux: problem: tmux is not on the worker's PATH (install: apt-get install tmux)"),
          warned.toString());
      assertTrue(
          startup.list.stream()
              .anyMatch(
                  e ->
                      e.getLevel() == Level.INFO
                          && e.getFormattedMessage().startsWith("agent kimi-cli cannot run here")),
          startup.list.toString());

      ProbeWorkflow probe =
          worker
              .client()
              .newWorkflowStub(
                  ProbeWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setTaskQueue(TimmyWorker.TASK_QUEUE)
                      .setWorkflowId("probe")
                      .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                      .build());
      ListAppender<ILoggingEvent> lines = new ListAppender<>();
      Logger activityLog = (Logger) LoggerFactory.getLogger("dev.timmyloop.activity");
      lines.start();
      activityLog.addAppender(lines);
      try {
        assertEquals("rockachopa/Timmy-time-dashboard", probe.probe());
      } finally {
        activityLog.detachAppender(lines);
      }
      assertTrue(
          lines.list.stream()
              .anyMatch(
                  e ->
                      e.getFormattedMessage()
                          .startsWith("activity Settings.Settings started in probe")),
          lines.list.toString());

      String metrics = scrapeUntil(metricsPort, "temporal_workflow_completed_total");
      assertTrue(metrics.contains("temporal_request_total"), metrics);
    }
  }

  @Test
  void unreachableServerFailsWithOneLine() throws Exception {
    int port = freePort(); // nothing listens there
    TemporalUnreachableException e =
        assertThrows(
            TemporalUnreachableException.class,
            () -> TimmyWorker.start(WorkerConfig.of(config("127.0.0.1:" + port, 0))));
    assertTrue(
        e.getMessage().startsWith("cannot reach Temporal at 127.0.0.1:" + port), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  private static String scrapeUntil(int port, String series) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains(series)) return body;
      Thread.sleep(250);
    }
    throw new AssertionError("no " + series + " in /metrics:\n" + body);
  }
}
