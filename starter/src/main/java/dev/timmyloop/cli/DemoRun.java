package dev.timmyloop.cli;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.TimmyWorker;
import dev.timmyloop.worker.WorkerConfig;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything the demo starts: Temporal (the dev server as a child process, or the test server in
 * this JVM), sandbox forge, worker; closed in reverse.
 */
final class DemoRun implements AutoCloseable {
  final Path root;
  private PortBoundTestServer server;
  private DevServer devServer;
  private DemoScenario scenario;
  private TimmyWorker worker;
  private final DemoAgent agent;
  String address;
  Map<String, String> env;
  TimmyConfig config;
  DemoFacts facts;
  private boolean closed;

  private DemoRun(Path root, DemoAgent agent) {
    this.root = root;
    this.agent = agent;
  }

  /** @param agent a real agent CLI instead of the stand-in; null for the stand-in */
  static DemoRun create(DemoAgent agent) throws IOException {
    return new DemoRun(Files.createTempDirectory("timmy-demo-"), agent);
  }

  /**
   * @param testServer the SDK test server even when a Temporal CLI is found
   */
  void start(Duration agentDelay, boolean withMetrics, boolean testServer, PrintWriter progress)
      throws IOException, InterruptedException {
    Optional<TemporalCli> cli = testServer ? Optional.empty() : TemporalCli.find(System.getenv());
    int port = EmbeddedServer.freePort();
    address = "127.0.0.1:" + port;
    if (cli.isPresent()) {
      // Its own file and free ports: never a user's server or database.
      int uiPort;
      do {
        uiPort = EmbeddedServer.freePort();
      } while (uiPort == port);
      devServer = DevServer.start(cli.get(), root.resolve("temporal.db"), port, uiPort, progress);
      progress.println(
          "demo: Temporal dev server "
              + cli.get().serverVersion
              + " on "
              + address
              + ", UI "
              + devServer.uiUrl());
    } else {
      if (!testServer) progress.println("demo: " + TemporalCli.missingLine());
      server = EmbeddedServer.start(port);
      progress.println("demo: Temporal test server on " + address);
    }
    scenario = DemoScenario.create(Files.createDirectories(root.resolve("sandbox")), agentDelay);
    progress.println(
        "demo: forge "
            + scenario.baseUrl()
            + " ("
            + scenario.owner()
            + "/"
            + scenario.repo()
            + ")");
    env =
        DemoEnv.of(
            System.getenv(),
            scenario.env(),
            address,
            withMetrics ? EmbeddedServer.freePort() : 0,
            root);
    Map<String, String> workerEnv = System.getenv();
    if (agent != null) {
      agent.start(
          root, scenario.fixesDir(), Path.of(env.get("TIMMY_WORKTREE_ROOT")), System.getenv());
      env.remove("TIMMY_AGENT_COMMAND"); // the stand-in's (kimi-code sets its own)
      env.putAll(agent.timmyEnv());
      workerEnv = agent.workerEnv();
      progress.println("demo: agent " + agent.describe());
    }
    // An explicit empty file, so no timmy.json in the current folder leaks into the demo.
    config = ConfigLoader.load(env, Files.writeString(root.resolve("timmy.json"), "{}"));
    facts = DemoFacts.of(scenario, config);
    // Sticky queues off only on the test server, which never falls back from a dead worker's.
    worker =
        TimmyWorker.start(
            new WorkerConfig(config, server != null, Duration.ofSeconds(10), workerEnv));
    progress.println("demo: " + worker.readyLine());
    progress.flush();
  }

  TimmyWorker worker() {
    return worker;
  }

  /** The {@code TIMMY_*} entries the worker was configured with. */
  Map<String, String> timmyEnv() {
    Map<String, String> out = new TreeMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("TIMMY_")) out.put(k, v);
        });
    return out;
  }

  /** Idempotent: the shutdown hook of a Ctrl-C and the normal end may both call it. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (worker != null) worker.close();
    if (config != null && !config.tmuxSocket().isEmpty()) TmuxServers.kill(config.tmuxSocket());
    if (scenario != null) scenario.close();
    if (agent != null) agent.close();
    if (server != null) server.close();
    if (devServer != null) devServer.close();
  }

  /** The Web UI page of a workflow; empty on the test server, which has no UI. */
  Optional<String> uiUrl(String workflowId) {
    return devServer == null ? Optional.empty() : Optional.of(devServer.uiUrl(workflowId));
  }


  /** After a successful demo; a failed one keeps its files for a look. */
  void deleteFiles() {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // Only a temp folder left behind.
    }
  }
}
