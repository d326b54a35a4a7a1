package dev.timmyloop.cli.restart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.cli.world.TimmyProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restart world with several hosts ({@code TIMMY_HOSTS=a,b}): one {@code timmy worker} process
 * per host, each with its own clone, worktree root and tmux server, configured by environment
 * alone. The first host is the home host: its clone is the demo's and it keeps the state files
 * (claims) in the demo's state folder; the others get a clone and folders under {@code
 * <sandbox>/host-<name>/}.
 */
final class HostsWorld implements AutoCloseable {
  final RestartWorld world;
  final List<String> hosts;
  private final Map<String, Path> clones = new HashMap<>();
  private final Map<String, Path> worktreeRoots = new HashMap<>();
  private final Map<String, TimmyProcess> workers = new LinkedHashMap<>();

  private HostsWorld(RestartWorld world, List<String> hosts) {
    this.world = world;
    this.hosts = hosts;
  }

  /**
   * @param openIssues how many demo issues stay open (all are dispatched at once)
   * @param hostTimeout {@code TIMMY_HOST_TIMEOUT}, the schedule-to-start limit of host activities
   * @param panes the number of agent panes of each host, in the order of {@code hosts}
   */
  static HostsWorld create(
      String name,
      Path root,
      Duration agentDelay,
      int openIssues,
      Duration hostTimeout,
      List<String> hosts,
      List<Integer> panes)
      throws Exception {
    return create(name, root, agentDelay, openIssues, hostTimeout, hosts, panes, false, h -> {});
  }

  /**
   * @param realServer on the real dev server ({@link RestartWorld#create})
   * @param beforeWorkers runs once the clones exist, before any worker starts (e.g. to change a
   *     clone's git config)
   */
  static HostsWorld create(
      String name,
      Path root,
      Duration agentDelay,
      int openIssues,
      Duration hostTimeout,
      List<String> hosts,
      List<Integer> panes,
      boolean realServer,
      java.util.function.Consumer<HostsWorld> beforeWorkers)
      throws Exception {
    RestartWorld world =
        RestartWorld.withoutWorker(name, root, agentDelay, openIssues, realServer, Map.of());
    HostsWorld w = new HostsWorld(world, hosts);
    try {
      w.startWorkers(openIssues, hostTimeout, panes, beforeWorkers);
      return w;
    } catch (Exception | Error e) {
      w.close();
      throw e;
    }
  }

  private void startWorkers(
      int openIssues,
      Duration hostTimeout,
      List<Integer> panes,
      java.util.function.Consumer<HostsWorld> beforeWorkers)
      throws Exception {
    Map<String, String> common = new HashMap<>();
    common.put("TIMMY_HOSTS", String.join(",", hosts));
    common.put("TIMMY_HOST_TIMEOUT", hostTimeout.toSeconds() + "s");
    common.put("TIMMY_MAX_DISPATCH", String.valueOf(openIssues));
    // More panes than open issues: phase 3 would file new ones for the idle panes; it must not
    // here.
    common.put("TIMMY_MAX_FILED_PER_CYCLE", "0");
    Path origin = world.facts.bare();
    Map<String, Map<String, String>> envs = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      Map<String, String> env = new HashMap<>(common);
      envs.put(host, env);
      env.put("TIMMY_HOST", host);
      env.put("TIMMY_PANES", String.valueOf(panes.get(i)));
      env.put("TIMMY_TMUX_SOCKET", world.setting("TIMMY_TMUX_SOCKET") + "-" + host);
      if (i == 0) {
        clones.put(host, world.demo.repoPath());
        worktreeRoots.put(host, Path.of(world.setting("TIMMY_WORKTREE_ROOT")));
      } else {
        Path dir = Files.createDirectories(world.demo.root().resolve("host-" + host));
        Path clone = dir.resolve("demo");
        WorldFacts.run(dir, "git", "clone", "-q", origin.toString(), clone.toString());
        WorldFacts.run(clone, "git", "config", "user.name", "Timmy");
        WorldFacts.run(clone, "git", "config", "user.email", "timmy@sandbox.invalid");
        WorldFacts.run(clone, "git", "config", "core.hooksPath", ".githooks");
        clones.put(host, clone);
        worktreeRoots.put(host, Files.createDirectories(dir.resolve("worktrees")));
        env.put("TIMMY_REPO_PATH", clone.toString());
        env.put("TIMMY_WORKTREE_ROOT", worktreeRoots.get(host).toString());
        env.put("TIMMY_STATE_DIR", Files.createDirectories(dir.resolve("state")).toString());
      }
    }
    beforeWorkers.accept(this);
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      workers.put(host, world.startWorker(world.name + "-worker-" + host, envs.get(host)));
    }
  }

  /** SIGKILLs the worker of {@code host} (no new one starts); its tmux server and agent stay. */
  void kill(String host, String seen) throws InterruptedException {
    TimmyProcess p = workers.get(host);
    int status = p.kill();
    world.kills.add("host " + host + ": " + p.name + " exit " + status + "; " + seen);
    if (status != 137) throw new IllegalStateException(p.name + " was not SIGKILLed: " + status);
  }

  /** The agent log's {@code start} entries of runs in a worktree of {@code host}. */
  List<JsonNode> agentStarts(String host) throws IOException {
    return agentEntries(host, true);
  }

  /** The agent log's entries of finished runs in a worktree of {@code host}. */
  List<JsonNode> agentRunsFinished(String host) throws IOException {
    return agentEntries(host, false);
  }

  private List<JsonNode> agentEntries(String host, boolean starts) throws IOException {
    String under = worktreeRoots.get(host).toString() + "/";
    return world.facts.agentLog().stream()
        .filter(e -> e.path("worktree").asText().startsWith(under))
        .filter(e -> e.path("event").asText().equals("start") == starts)
        .toList();
  }

  /** The clone of {@code host}. */
  Path clone(String host) {
    return clones.get(host);
  }

  /** Worktrees git knows in {@code host}'s clone, besides the clone itself. */
  List<String> linkedWorktrees(String host) throws Exception {
    return WorldFacts.linkedWorktrees(clones.get(host));
  }

  /** What the worker of {@code host} printed. */
  String output(String host) throws IOException {
    return workers.get(host).output();
  }

  /** Whether the worker of {@code host} printed {@code text} yet. */
  boolean printed(String host, String text) {
    try {
      return output(host).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    world.close();
  }
}
