package dev.timmyloop.cli.restart;

import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.Quiesce;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One world for restart tests: the demo forge in this JVM with one open issue (or a few), {@code timmy
 * server} and {@code timmy worker} as separate processes configured only through {@code TIMMY_*},
 * a test command and a CI command that mark each start and can be made slow, and a forge seam to
 * stop at a request. Kill the worker with {@link #killWorker}; a new one starts at once.
 */
final class RestartWorld implements AutoCloseable {
  static final String FIND_PULL = "/repos/{owner}/{repo}/pulls/{base}/{head}";
  static final String CREATE_PULL = "/repos/{owner}/{repo}/pulls";
  static final String MERGE = "/repos/{owner}/{repo}/pulls/{index}/merge";
  static final String COMBINED_STATUS = "/repos/{owner}/{repo}/commits/{ref}/status";

  final String name;
  final Path root;
  final DemoScenario demo;
  final long issue;
  final ForgeHooks hooks;
  final WorldFacts facts;
  final Path slowTests;
  final Path slowCi;
  final List<String> kills = Collections.synchronizedList(new ArrayList<>());
  /** Commits on main before the cycle. */
  int mainBefore;
  private final Map<String, String> env = new HashMap<>();
  private final List<TimmyProcess> processes = new ArrayList<>();
  private final Set<String> tmuxSockets = new LinkedHashSet<>();
  /** Each worker's state folder: its agent jobs' folders are under {@code jobs/}. */
  private final Set<String> stateDirs = new LinkedHashSet<>();
  private TimmyProcess server;
  private volatile TimmyProcess worker;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private int workers;

  private RestartWorld(String name, Path root, DemoScenario demo) {
    this.name = name;
    this.root = root;
    this.demo = demo;
    this.issue = demo.issues().get(0);
    this.hooks = new ForgeHooks(demo.baseUrl());
    this.facts = new WorldFacts(demo, root.resolve("marks"));
    this.slowTests = root.resolve("slow-tests.on");
    this.slowCi = root.resolve("slow-ci.on");
  }

  static RestartWorld create(String name, Path root, Duration agentDelay) throws Exception {
    RestartWorld w = withoutWorker(name, root, agentDelay, 1);
    try {
      w.startWorker();
      return w;
    } catch (Exception | Error e) {
      w.close();
      throw e;
    }
  }

  /** The world with the first {@code openIssues} demo issues open and the server up, no worker yet. */
  static RestartWorld withoutWorker(String name, Path root, Duration agentDelay, int openIssues)
      throws Exception {
    DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), agentDelay);
    RestartWorld w = new RestartWorld(name, root, demo);
    try {
      w.setUp(agentDelay, openIssues);
      return w;
    } catch (Exception | Error e) {
      w.close();
      throw e;
    }
  }

  private void setUp(Duration agentDelay, int openIssues) throws Exception {
    // Issues to work on: the others and both PRs are closed, so phase 1 has nothing to fix, phase 3
    // files nothing (one pane, one unclaimed issue) and phase 4 dispatches exactly the open ones.
    List<Long> closed = new ArrayList<>(demo.issues().subList(openIssues, demo.issues().size()));
    closed.addAll(List.of(demo.stalePr(), demo.failingPr()));
    for (long n : closed) {
      facts.api("PATCH", "/issues/" + n, "{\"state\":\"closed\"}");
    }
    Files.createDirectories(facts.marks);
    mainBefore = facts.mainHistory().size();
    Path bin = demo.root().resolve("bin");
    // The worker's test command: marks each start (phase 2 runs it on main in a worktree of its
    // own); in an issue's worktree it works slowly while the flag exists.
    Path tests =
        script(
            bin.resolve("slow-tests"),
            "echo \"$$ $PWD\" >> " + facts.marks.resolve("tests") + "\n"
                + "case \"$PWD\" in " + demo.root().resolve("worktrees") + "/fix-*)\n"
                + "  if [ -e " + slowTests + " ]; then sleep 15; fi;;\n"
                + "esac\n"
                + "exec /usr/bin/python3 -m unittest discover -s tests -v\n");
    // The forge's CI: marks each run; slow while its flag exists.
    Path ci =
        script(
            bin.resolve("slow-ci"),
            "echo \"$$ $PWD\" >> " + facts.marks.resolve("ci") + "\n"
                + "if [ -e " + slowCi + " ]; then sleep 30; fi\n"
                + "exec /usr/bin/python3 -m unittest discover -s tests -v\n");
    demo.forge().setTestCommand(demo.owner(), demo.repo(), List.of(ci.toString()));
    demo.forge().setRequestFilter(hooks);

    System.getenv().forEach((k, v) -> {
      if (!k.startsWith("TIMMY_")) env.put(k, v);
    });
    env.putAll(demo.env());
    env.put("HOME", demo.root().toString());
    env.put("TIMMY_CONFIG", Files.writeString(root.resolve("timmy.json"), "{}").toString());
    env.put("TIMMY_PANES", "1");
    env.put("TIMMY_MAX_DISPATCH", "1");
    env.put("TIMMY_CI_TIMEOUT", "5m");
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_CYCLE_BUDGET", "20m");
    env.put("TIMMY_METRICS_PORT", "0");
    env.put("TIMMY_TMUX_SOCKET", "timmy-restart-" + name + "-" + ProcessHandle.current().pid());
    env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
    env.put("TIMMY_TEST_COMMAND", tests.toString());
    env.put(
        "TIMMY_AGENT_COMMAND",
        bin.resolve("fake-kimi") + " --fixes " + demo.fixesDir()
            + " --delay " + String.format(Locale.ROOT, "%.3f", agentDelay.toMillis() / 1000.0)
            + " --log " + demo.agentLog() + " --log-start --print -p {prompt} -w {worktree}");

    int port = freePort();
    server = track(TimmyProcess.start(name + "-server", root, env, "server", "--test-server", "--port", String.valueOf(port)));
    server.awaitLine("timmy server listening on", Duration.ofSeconds(60));
    env.put("TIMMY_TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    env.put("TIMMY_NAMESPACE", "default");
    env.put("TIMMY_TASK_QUEUE", "timmy-loop");
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  void startWorker() throws Exception {
    worker = startWorker(name + "-worker-" + ++workers, Map.of());
  }

  /** A worker named {@code processName} with {@code overrides} on top of the world's settings. */
  TimmyProcess startWorker(String processName, Map<String, String> overrides) throws Exception {
    Map<String, String> workerEnv = new HashMap<>(env);
    workerEnv.putAll(overrides);
    if (overrides.containsKey("TIMMY_TMUX_SOCKET")) tmuxSockets.add(overrides.get("TIMMY_TMUX_SOCKET"));
    stateDirs.add(workerEnv.get("TIMMY_STATE_DIR"));
    TimmyProcess p = track(TimmyProcess.start(processName, root, workerEnv, "worker"));
    p.awaitLine("timmy worker ready", Duration.ofSeconds(90));
    return p;
  }

  /** A setting the workers get (e.g. {@code TIMMY_TMUX_SOCKET}, to derive one per host). */
  String setting(String key) {
    return env.get(key);
  }

  /** SIGKILLs the worker at {@code point}, notes what the forge showed, and starts a new one. */
  void killWorker(String point, String seen) throws Exception {
    int status = worker.kill();
    kills.add(point + ": " + worker.name + " exit " + status + "; " + seen);
    if (status != 137) throw new IllegalStateException(worker.name + " was not SIGKILLed: " + status);
    startWorker();
  }

  /** The SIGKILL alone, for a forge thread that must answer before the next worker starts. */
  int killWorkerOnly(String point, String seen) throws InterruptedException {
    int status = worker.kill();
    kills.add(point + ": " + worker.name + " exit " + status + "; " + seen);
    return status;
  }

  void startCycle(int n) {
    WorkflowClient.start(
        client.newWorkflowStub(
                TimmyCycle.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("timmy-cycle-" + n)
                    .setTaskQueue("timmy-loop")
                    .build())
            ::run,
        new CycleInput(null, null, null, true, null));
  }

  CycleResult awaitCycle(int n, Duration max) throws Exception {
    return client
        .newUntypedWorkflowStub("timmy-cycle-" + n)
        .getResult(max.toSeconds(), TimeUnit.SECONDS, CycleResult.class);
  }

  /** Polls {@code condition} every 100 ms; fails naming {@code what} after {@code max}. */
  void await(String what, Duration max, BooleanSupplier condition) throws Exception {
    Instant deadline = Instant.now().plus(max);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(name + ": no " + what + " within " + max + "\n" + diagnostics());
      }
      Thread.sleep(100);
    }
  }

  String diagnostics() {
    StringBuilder out = new StringBuilder("kills: " + kills);
    for (TimmyProcess p : processes) {
      if (p != server) out.append("\nworker ").append(p.name).append(":\n").append(p.tail());
    }
    return out.toString();
  }

  /** Copies the server's and workers' logs to {@code dir/<name>/}, for a look after the temp dir is gone. */
  void keepLogs(Path dir) {
    try {
      Path to = Files.createDirectories(dir.resolve(name));
      for (TimmyProcess p : processes) {
        if (Files.exists(p.log)) Files.copy(p.log, to.resolve(p.log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // only diagnostics
    }
  }

  private TimmyProcess track(TimmyProcess p) {
    processes.add(p);
    return p;
  }

  private static Path script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * After the cycle, before the test looks at the world's files and logs: the workers stop (and
   * what they left running), the agents still running end by themselves (a job of a lost host
   * outlives the cycle), their tmux servers stop with their panes, and the forge's CI stops (the
   * landing's merge starts a run on main). The server and the forge's API stay up.
   */
  void quiesce() throws Exception {
    for (TimmyProcess p : processes) if (p != server) p.close();
    List<String> writers = new ArrayList<>(List.of(demo.root().resolve("bin").toString()));
    for (String dir : stateDirs) if (dir != null) writers.add(Path.of(dir).resolve("jobs").toString());
    if (!Quiesce.awaitNoProcessMentioning(writers, Duration.ofMinutes(3))) {
      System.out.println(name + ": agents still running after 3 minutes, stopped with their panes: "
          + Quiesce.mentioning(writers));
    }
    stopTmux();
    demo.forge().stopCi(Duration.ofMinutes(3));
  }

  private void stopTmux() {
    tmuxSockets.add(env.get("TIMMY_TMUX_SOCKET"));
    for (String socket : tmuxSockets) {
      if (socket == null) continue;
      try {
        Quiesce.stopTmuxServer(socket, Duration.ofSeconds(30));
      } catch (IOException e) {
        // no tmux: nothing to stop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Workers (and what they left running), their tmux server with the agents, the server, the forge. */
  @Override
  public void close() {
    for (TimmyProcess p : processes) if (p != server) p.close();
    stopTmux();
    if (stubs != null) stubs.shutdownNow();
    if (server != null) server.close();
    demo.close();
  }
}
