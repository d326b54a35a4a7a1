package dev.timmyloop.worker.world;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.Quiesce;
import dev.timmyloop.worker.TimmyWorker;
import dev.timmyloop.worker.WorkerConfig;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole stack in one temp folder, started step by step: Temporal (the Temporal CLI's dev server
 * as a child process, or the SDK's test server in this JVM), the sandbox forge with the demo's
 * repo, issues and PRs, the demo's settings, and a worker in this JVM or in processes of its own.
 * The demo, the benchmark and every test that needs the whole stack start it here (the worker's
 * scenario tests with only its forge, settings and tmux servers, beside an in-process Temporal);
 * {@link #close} ends it in reverse.
 */
public final class World implements AutoCloseable {
  public final Path root;
  private PortBoundTestServer testServer;
  private DevServer devServer;
  private String address;
  private DemoScenario forge;
  private TimmyWorker worker;
  private final List<String> tmuxSockets = new ArrayList<>();

  /** Closed after the forge, before Temporal (e.g. a real agent's files). */
  private final List<AutoCloseable> extras = new ArrayList<>();

  private boolean closed;

  private World(Path root) {
    this.root = root;
  }

  /** A world in a new temp folder named {@code <prefix>…}. */
  public static World create(String prefix) throws IOException {
    return in(Files.createTempDirectory(prefix));
  }

  /** A world in {@code root}, an existing folder (a test's temp folder). */
  public static World in(Path root) {
    return new World(root);
  }

  /**
   * Temporal on free ports with its own database file: the dev server of {@code cli}, or without
   * one the SDK's test server. Never a user's server or database.
   */
  public World temporal(Optional<TemporalCli> cli, PrintWriter progress) {
    int port = EmbeddedServer.freePort();
    address = "127.0.0.1:" + port;
    if (cli.isPresent()) {
      int uiPort;
      do {
        uiPort = EmbeddedServer.freePort();
      } while (uiPort == port);
      devServer = DevServer.start(cli.get(), root.resolve("temporal.db"), port, uiPort, progress);
    } else {
      testServer = EmbeddedServer.start(port);
    }
    return this;
  }

  /** The demo forge under {@code sandbox/} (~20 s: it seeds the repo and runs its CI). */
  public World forge(Duration agentDelay) throws IOException, InterruptedException {
    forge = DemoScenario.create(Files.createDirectories(root.resolve("sandbox")), agentDelay);
    return this;
  }

  /** The demo's settings on this world; its tmux server ends with the world. */
  public Map<String, String> settings(int metricsPort) {
    Map<String, String> env = settings(System.getenv(), forge.settings(), address, metricsPort);
    tmuxServer(env.get("TIMMY_TMUX_SOCKET"));
    return env;
  }

  /**
   * The machine's environment without its {@code TIMMY_*} (a real forge's URL must never reach a
   * world), then the forge's settings ({@link DemoScenario#settings}), then Temporal's.
   */
  public static Map<String, String> settings(
      Map<String, String> system,
      Map<String, String> forge,
      String temporalAddress,
      int metricsPort) {
    Map<String, String> env = new HashMap<>();
    system.forEach(
        (k, v) -> {
          if (!k.startsWith("TIMMY_")) env.put(k, v);
        });
    env.putAll(forge);
    env.put("TIMMY_TEMPORAL_ADDRESS", temporalAddress);
    env.put("TIMMY_NAMESPACE", "default");
    env.put("TIMMY_TASK_QUEUE", TimmyWorker.TASK_QUEUE);
    env.put("TIMMY_METRICS_PORT", String.valueOf(metricsPort));
    return env;
  }

  /**
   * The configuration {@code env} gives, with an explicit empty file: no timmy.json of the folder
   * leaks in.
   */
  public TimmyConfig config(Map<String, String> env) throws IOException {
    Path file = root.resolve("timmy.json");
    if (!Files.exists(file)) Files.writeString(file, "{}");
    return ConfigLoader.load(env, file);
  }

  /** A worker in this JVM; {@code env} is what its agents and tests inherit. */
  public TimmyWorker worker(TimmyConfig config, Map<String, String> env) {
    tmuxServer(config.tmuxSocket());
    // Sticky queues off only on the test server, which never falls back from a dead worker's.
    worker =
        TimmyWorker.start(
            new WorkerConfig(config, testServer != null, Duration.ofSeconds(10), env));
    return worker;
  }

  /**
   * A private tmux server that ends with the world, its panes' processes too (worker processes
   * start their own).
   */
  public void tmuxServer(String socket) {
    if (socket != null && !socket.isEmpty() && !tmuxSockets.contains(socket))
      tmuxSockets.add(socket);
  }

  /** Something to close with the world, after the forge. */
  public void closeWith(AutoCloseable extra) {
    extras.add(extra);
  }

  public DemoScenario forge() {
    return forge;
  }

  /** Temporal's gRPC address, {@code 127.0.0.1:<port>}. */
  public String address() {
    return address;
  }

  /** The dev server's Web UI; empty on the test server. */
  public Optional<String> uiUrl() {
    return devServer == null ? Optional.empty() : Optional.of(devServer.uiUrl());
  }

  /** The Web UI page of a workflow in the default namespace; empty on the test server. */
  public Optional<String> uiUrl(String workflowId) {
    return uiUrl().map(ui -> ui + "/namespaces/default/workflows/" + workflowId);
  }

  /** Idempotent: a Ctrl-C's shutdown hook and the normal end may both call it. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (worker != null) worker.close();
    for (String socket : tmuxSockets) {
      try {
        Quiesce.stopTmuxServer(socket, Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // stopped as far as it goes; the forge and Temporal must still stop
      }
    }
    if (forge != null) forge.close();
    for (AutoCloseable extra : extras) {
      try {
        extra.close();
      } catch (Exception e) {
        // closed as far as it goes; Temporal must still stop
      }
    }
    if (testServer != null) testServer.close();
    if (devServer != null) devServer.close();
  }

  /** After a successful run; a failed one keeps its files for a look. */
  public void deleteFiles() {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // Only a temp folder left behind.
    }
  }
}
