package dev.timmyloop.cli;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.TimmyWorker;
import dev.timmyloop.worker.world.EmbeddedServer;
import dev.timmyloop.worker.world.TemporalCli;
import dev.timmyloop.worker.world.World;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The demo's world ({@link World}) with its agent, configuration and facts. */
final class DemoRun {
  final World world;
  TimmyWorker worker;
  private final DemoAgent agent;
  Map<String, String> env;
  TimmyConfig config;
  DemoFacts facts;

  /**
   * @param agent a real agent CLI instead of the stand-in; null for the stand-in
   */
  DemoRun(DemoAgent agent) throws IOException {
    this.world = World.create("timmy-demo-");
    this.agent = agent;
    if (agent != null) world.closeWith(agent);
  }

  /**
   * @param testServer the SDK test server even when a Temporal CLI is found
   */
  void start(Duration agentDelay, boolean withMetrics, boolean testServer, PrintWriter progress)
      throws IOException, InterruptedException {
    Optional<TemporalCli> cli = testServer ? Optional.empty() : TemporalCli.find(System.getenv());
    if (cli.isEmpty() && !testServer) progress.println("demo: " + TemporalCli.missingLine());
    world.temporal(cli, progress);
    String address = world.address();
    if (cli.isPresent()) {
      progress.printf(
          "demo: Temporal dev server %s on %s, UI %s%n",
          cli.get().serverVersion, address, world.uiUrl().orElseThrow());
    } else {
      progress.println("demo: Temporal test server on " + address);
    }
    DemoScenario scenario = world.forge(agentDelay).forge();
    progress.printf(
        "demo: forge %s (%s/%s)%n", scenario.baseUrl(), scenario.owner(), scenario.repo());
    env = world.settings(withMetrics ? EmbeddedServer.freePort() : 0);
    Map<String, String> workerEnv = System.getenv();
    if (agent != null) {
      agent.start(
          world.root,
          scenario.fixesDir(),
          Path.of(env.get("TIMMY_WORKTREE_ROOT")),
          System.getenv());
      env.remove("TIMMY_AGENT_COMMAND"); // the stand-in's (kimi-code sets its own)
      env.putAll(agent.timmyEnv);
      workerEnv = agent.workerEnv;
      progress.println("demo: agent " + agent.describe());
    }
    config = world.config(env);
    facts = DemoFacts.of(scenario, config);
    worker = world.worker(config, workerEnv);
    progress.println("demo: " + worker.readyLine());
    progress.flush();
  }

  /** The {@code TIMMY_*} entries the worker was configured with. */
  Map<String, String> timmyEnv() {
    Map<String, String> out = new TreeMap<>(env);
    out.keySet().removeIf(k -> !k.startsWith("TIMMY_"));
    return out;
  }
}
