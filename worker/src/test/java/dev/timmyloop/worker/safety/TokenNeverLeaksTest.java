package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.FileScan;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 4, "Secrets": a whole cycle with a sentinel token (the demo's random one), then every
 * workflow history, every log line (root at TRACE, so the HTTP header log runs) and every file
 * under the demo world is searched for it.
 */
class TokenNeverLeaksTest {
  @TempDir Path root;

  @Test
  void theTokenAppearsInNoHistoryLogOrFile() throws Exception {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger rootLogger = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    Logger giteaLogger = ctx.getLogger(GiteaClient.class);
    Level rootLevel = rootLogger.getLevel();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%level %logger %msg %mdc%n%ex");
    encoder.start();
    OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> capture =
        new OutputStreamAppender<>();
    capture.setContext(ctx);
    capture.setName("token-capture");
    capture.setEncoder(encoder);
    capture.setOutputStream(logs);
    capture.start();
    rootLogger.addAppender(capture);
    rootLogger.setLevel(Level.DEBUG);
    giteaLogger.setLevel(Level.TRACE);
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      String token = Files.readString(demo.tokenFile()).trim();
      assertTrue(token.length() >= 20, "a real sentinel");
      List<String> histories = new ArrayList<>();
      CycleResult result;
      try (ScenarioWorld run = ScenarioWorld.on(demo, Map.of())) {
        result = run.run(1);
        // Whatever still writes stops before the search: the worker, the agents' panes, and the
        // forge's CI (the last merge starts a run on main, whose tox builds and deletes a venv).
        run.quiesce();
        demo.forge().stopCi(Duration.ofMinutes(5));
        for (WorkflowExecutionInfo info : run.executions()) histories.add(run.historyJson(info));
      }
      assertEquals("ok", result.outcome(), result.toString());
      assertTrue(histories.size() >= 12, "histories: " + histories.size());
      // the search sees inside payloads (a phase summary only exists there)
      assertTrue(String.join("", histories).contains("unclaimed"), "payloads are searched");
      for (String h : histories) assertFalse(h.contains(token), "token in a workflow history");
      assertFalse(result.toString().contains(token), "token in the cycle result");

      String logText = logs.toString(StandardCharsets.UTF_8);
      assertTrue(logText.contains("<redacted>"), "the header trace ran and redacted Authorization");
      assertFalse(logText.contains(token), "token in the logs");

      List<Path> holding = new ArrayList<>();
      byte[] needle = token.getBytes(StandardCharsets.UTF_8);
      int scanned =
          FileScan.regularFiles(
              demo.root(),
              f -> {
                if (indexOf(Files.readAllBytes(f), needle) >= 0) holding.add(f);
              });
      assertTrue(scanned > 100, "files searched: " + scanned);
      // the token file itself is found: the search would see the token anywhere else too
      assertEquals(List.of(demo.tokenFile()), holding, "token in files");
      // the world the search covered: state, jobs, correspondence and worktrees live under the root
      assertTrue(Files.exists(root.resolve("sandbox/state")));
      assertTrue(Files.exists(root.resolve("sandbox/workspace/correspondence.md")));
    } finally {
      rootLogger.detachAppender(capture);
      rootLogger.setLevel(rootLevel);
      giteaLogger.setLevel(null);
      capture.stop();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
