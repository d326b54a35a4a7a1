package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.workflows.support.ActivityProfiles;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * On the real dev server: a worker started before the search attributes exist runs without them,
 * then, once they are created, the next cycle's settings have them, with one INFO line and no
 * restart. Skipped without a Temporal CLI.
 */
@Tag("real-server")
class SearchAttributesLaterTest {
  @TempDir Path dir;

  /** What a cycle asks at its start: may I set the search attributes? */
  @WorkflowInterface
  public interface AttributesProbe {
    @WorkflowMethod
    boolean attributes();

    class Impl implements AttributesProbe {
      private final SettingsActivities settings =
          Workflow.newActivityStub(SettingsActivities.class, ActivityProfiles.STATE);

      @Override
      public boolean attributes() {
        return settings.settings().searchAttributes();
      }
    }
  }

  @Test
  void aWorkerStartedBeforeTheAttributesFindsThemLater() throws Exception {
    Optional<Path> cli = temporalCli();
    assumeTrue(cli.isPresent(), "no Temporal CLI");
    int port = TimmyWorkerTest.freePort();
    String address = "127.0.0.1:" + port;
    // No --search-attribute: the server starts without them.
    Process server =
        new ProcessBuilder(
                cli.get().toString(),
                "server",
                "start-dev",
                "--headless",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--db-filename",
                dir.resolve("temporal.db").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger("dev.timmyloop.worker");
    lines.start();
    root.addAppender(lines);
    try {
      awaitPort(port, Duration.ofSeconds(30));
      TimmyWorkerTest test = new TimmyWorkerTest();
      test.dir = dir;
      try (TimmyWorker worker =
          TimmyWorker.start(
              WorkerConfig.of(test.config(address, 0)),
              w -> w.registerWorkflowImplementationTypes(AttributesProbe.Impl.class))) {
        assertFalse(probe(worker, "probe-1"), "no attributes yet");
        assertTrue(
            messages(lines).stream().anyMatch(m -> m.startsWith("search attributes not set")),
            messages(lines).toString());

        String created =
            run(
                cli.get().toString(),
                "operator",
                "search-attribute",
                "create",
                "--address",
                address,
                "--namespace",
                "default",
                "--name",
                "TimmyCycle",
                "--type",
                "Int",
                "--name",
                "TimmyPhase",
                "--type",
                "Keyword",
                "--name",
                "TimmyIssue",
                "--type",
                "Int",
                "--name",
                "TimmyPane",
                "--type",
                "Keyword",
                "--name",
                "TimmyOutcome",
                "--type",
                "Keyword");
        assertTrue(created.startsWith("0\n"), created);

        // The worker asks again at most every RECHECK; the first cycle after that has them.
        Thread.sleep(SearchAttributeWatch.RECHECK.toMillis());
        assertTrue(probe(worker, "probe-2"), "found without a restart");
        assertTrue(probe(worker, "probe-3"));
        List<String> found =
            messages(lines).stream().filter(m -> m.startsWith("search attributes found")).toList();
        assertEquals(1, found.size(), messages(lines).toString());
        assertEquals(
            1,
            messages(lines).stream().filter(m -> m.startsWith("search attributes not set")).count(),
            "the WARN only once, at start");
      }
    } finally {
      root.detachAppender(lines);
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS))
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean probe(TimmyWorker worker, String id) {
    return worker
        .client()
        .newWorkflowStub(
            AttributesProbe.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TimmyWorker.TASK_QUEUE)
                .setWorkflowId(id)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                .build())
        .attributes();
  }

  private static List<String> messages(ListAppender<ILoggingEvent> lines) {
    synchronized (lines.list) {
      return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static Optional<Path> temporalCli() {
    String named = System.getenv().getOrDefault("TIMMY_TEMPORAL_CLI", "");
    if (!named.isEmpty() && Files.isExecutable(Path.of(named))) return Optional.of(Path.of(named));
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "temporal")))
        return Optional.of(Path.of(d, "temporal"));
    }
    return Optional.empty();
  }

  private static void awaitPort(int port, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the dev server did not listen on " + port + " in " + max);
  }

  private String run(String... argv) throws Exception {
    Path out = dir.resolve("cli-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(argv)))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", argv) + " did not end in 60 s");
    }
    return p.exitValue() + "\n" + Files.readString(out);
  }
}
