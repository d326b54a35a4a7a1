package dev.timmyloop.cli.restart;

import dev.timmyloop.cli.world.TimmyProcess;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.Quiesce;
import dev.timmyloop.worker.world.TemporalCli;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
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
 * One world for restart tests: the demo forge in this JVM with one open issue (or a few), {@code
 * timmy server} and {@code timmy worker} as separate processes configured only through {@code
 * TIMMY_*} (not the starter's {@code World}, which runs Temporal and the worker in this JVM, where
 * they cannot be killed), a test command and a CI command that mark each start and can be made
 * slow, and a forge seam to stop at a request. Kill the worker with {@link #killWorker}; a new one
 * starts at once.
 */
final class RestartWorld implements AutoCloseable {
  static final String FIND_PULL = "/repos/{owner}/{repo}/pulls/{base}/{head}";
  static final String CREATE_PULL = "/repos/{owner}/{repo}/pulls";
  static final String MERGE = "/repos/{owner}/{repo}/pulls/{index}/merge";
  static final String COMBINED_STATUS = "/repos/{owner}/{repo}/commits/{ref}/status";

  /** The JVM options of every {@code timmy} process of a world. */
  private static final List<String> JAVA = List.of("-Xmx384m");

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

  /**
   * The real dev server ({@code timmy server} without {@code --test-server}) or the SDK test
   * server.
   */
  final boolean realServer;

  private Path cli;
  private int port;
  private int uiPort;
  private int servers;

  /** The SIGKILLs of the server: what the world showed at each. */
  final List<String> serverKills = Collections.synchronizedList(new ArrayList<>());

  private RestartWorld(String name, Path root, DemoScenario demo, boolean realServer) {
    this.name = name;
    this.root = root;
    this.demo = demo;
    this.realServer = realServer;
    this.issue = demo.issues().get(0);
    this.hooks = new ForgeHooks(demo.baseUrl());
    this.facts = new WorldFacts(demo, root.resolve("marks"));
    this.slowTests = root.resolve("slow-tests.on");
    this.slowCi = root.resolve("slow-ci.on");
  }

  static RestartWorld create(String name, Path root, Duration agentDelay) throws Exception {
    return create(name, root, agentDelay, 1, false, Map.of());
  }

  /**
   * @param openIssues how many demo issues stay open; negative: the whole demo world (three issues,
   *     the stale PR and the failing PR, as {@code ./timmy demo} has it)
   * @param realServer {@code timmy server} runs the real dev server (CLI found as in {@link
   *     TemporalCli#find}) on free ports with a database in the world's folder
   * @param settings {@code TIMMY_*} settings on top of the world's, for the server and the workers
   */
  static RestartWorld create(
      String name,
      Path root,
      Duration agentDelay,
      int openIssues,
      boolean realServer,
      Map<String, String> settings)
      throws Exception {
    RestartWorld w = withoutWorker(name, root, agentDelay, openIssues, realServer, settings);
    try {
      w.startWorker();
      return w;
    } catch (Exception | Error e) {
      w.close();
      throw e;
    }
  }

  /**
   * The world with the first {@code openIssues} demo issues open and the server up, no worker yet.
   */
  static RestartWorld withoutWorker(String name, Path root, Duration agentDelay, int openIssues)
      throws Exception {
    return withoutWorker(name, root, agentDelay, openIssues, false, Map.of());
  }

  static RestartWorld withoutWorker(
      String name,
      Path root,
      Duration agentDelay,
      int openIssues,
      boolean realServer,
      Map<String, String> settings)
      throws Exception {
    DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), agentDelay);
    RestartWorld w = new RestartWorld(name, root, demo, realServer);
    try {
      w.setUp(agentDelay, openIssues, settings);
      return w;
    } catch (Exception | Error e) {
      w.close();
      throw e;
    }
  }

  private void setUp(Duration agentDelay, int openIssues, Map<String, String> settings)
      throws Exception {
    // Issues to work on: the others and both PRs are closed, so phase 1 has nothing to fix, phase 3
    // files nothing (one pane, one unclaimed issue) and phase 4 dispatches exactly the open ones.
    List<Long> closed = new ArrayList<>();
    if (openIssues >= 0) {
      closed.addAll(demo.issues().subList(openIssues, demo.issues().size()));
      closed.addAll(List.of(demo.stalePr(), demo.failingPr()));
    }
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
            "echo \"$$ $PWD\" >> "
                + facts.marks.resolve("tests")
                + "\n"
                // The loop names an issue's branch and worktree by its kind (fix-, feat-, …).
                + "case \"$PWD\" in "
                + demo.root().resolve("worktrees")
                + "/fix-*|"
                + demo.root().resolve("worktrees")
                + "/feat-*|"
                + demo.root().resolve("worktrees")
                + "/refactor-*|"
                + demo.root().resolve("worktrees")
                + "/policy-*)\n"
                + "  if [ -e "
                + slowTests
                + " ]; then sleep 15; fi;;\n"
                + "esac\n"
                + "exec /usr/bin/python3 -m unittest discover -s tests -v\n");
    // The forge's CI: marks each run; slow while its flag exists.
    Path ci =
        script(
            bin.resolve("slow-ci"),
            "echo \"$$ $PWD\" >> "
                + facts.marks.resolve("ci")
                + "\n"
                + "if [ -e "
                + slowCi
                + " ]; then sleep 30; fi\n"
                + "exec /usr/bin/python3 -m unittest discover -s tests -v\n");
    demo.forge().setTestCommand(demo.owner(), demo.repo(), List.of(ci.toString()));
    demo.forge().setRequestFilter(hooks);

    System.getenv()
        .forEach(
            (k, v) -> {
              if (!k.startsWith("TIMMY_")) env.put(k, v);
            });
    env.putAll(demo.settings());
    env.put("HOME", demo.root().toString());
    env.put("TIMMY_CONFIG", Files.writeString(root.resolve("timmy.json"), "{}").toString());
    env.put("TIMMY_PANES", "1");
    env.put("TIMMY_MAX_DISPATCH", "1");
    env.put("TIMMY_CYCLE_BUDGET", "20m");
    env.put("TIMMY_TMUX_SOCKET", "timmy-restart-" + name + "-" + ProcessHandle.current().pid());
    env.put("TIMMY_TEST_COMMAND", tests.toString());
    env.put(
        "TIMMY_AGENT_COMMAND",
        bin.resolve("fake-kimi")
            + " --fixes "
            + demo.fixesDir()
            + " --delay "
            + String.format(Locale.ROOT, "%.3f", agentDelay.toMillis() / 1000.0)
            + " --log "
            + demo.agentLog()
            + " --log-start --print -p {prompt} -w {worktree}");

    env.putAll(settings);

    port = freePort();
    if (realServer) {
      cli =
          TemporalCli.find(System.getenv())
              .orElseThrow(
                  () -> new IllegalStateException("no Temporal CLI: " + TemporalCli.INSTALL))
              .path;
      env.put("TIMMY_TEMPORAL_CLI", cli.toString());
      do {
        uiPort = freePort();
      } while (uiPort == port);
    }
    startServer();
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

  /**
   * {@code timmy server}: on the real dev server with the world's database and ports (also after a
   * kill: the same file, the same ports), else the SDK test server.
   */
  private void startServer() throws Exception {
    boolean first = servers == 0;
    for (int attempt = 1; ; attempt++) {
      String processName = name + "-server" + (servers++ == 0 ? "" : "-" + servers);
      server =
          realServer
              ? track(
                  TimmyProcess.start(
                      processName,
                      root,
                      env,
                      JAVA,
                      "server",
                      "--port",
                      String.valueOf(port),
                      "--ui-port",
                      String.valueOf(uiPort),
                      "--db",
                      root.resolve("temporal.db").toString()))
              : track(
                  TimmyProcess.start(
                      processName,
                      root,
                      env,
                      JAVA,
                      "server",
                      "--test-server",
                      "--port",
                      String.valueOf(port)));
      try {
        awaitLine(server, "timmy server listening on", Duration.ofSeconds(60));
        return;
      } catch (IllegalStateException e) {
        // Worlds start side by side: a port picked free here can be taken by another world's dev
        // server (which binds more ports than it is given) before ours binds it. On a first start,
        // and only when the server exited, once more on new ports; restarts keep theirs.
        if (!realServer || !first || attempt > 1 || server.process.isAlive()) throw e;
        port = freePort();
        do {
          uiPort = freePort();
        } while (uiPort == port);
      }
    }
  }

  /**
   * SIGKILLs {@code timmy server} (its dev server child dies with it: DevServer starts it under
   * {@code setpriv --pdeathsig}), waits until both ports are free, notes what the world showed, and
   * starts it again on the same database and ports. Returns the seconds the server was away.
   */
  double killServer(String point, String seen) throws Exception {
    long t0 = System.nanoTime();
    TimmyProcess old = server;
    int status = old.kill();
    serverKills.add(point + ": " + old.name + " exit " + status + "; " + seen);
    if (status != 137) throw new IllegalStateException(old.name + " was not SIGKILLed: " + status);
    Instant deadline = Instant.now().plusSeconds(30);
    // The dev server gets SIGTERM from its parent's death and shuts down: ports first, then the
    // file.
    while (!(old.orphansGone() && free(port) && (!realServer || free(uiPort)))) {
      if (Instant.now().isAfter(deadline))
        throw new IllegalStateException("the dev server outlived " + old.name);
      Thread.sleep(100);
    }
    startServer();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The server's gRPC address, {@code 127.0.0.1:<port>}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  WorkflowClient client() {
    return client;
  }

  /**
   * The {@code temporal} CLI against this world's server ({@code --address} appended unless {@code
   * asWritten}; then {@code TEMPORAL_ADDRESS} says where): its output; fails on a non-zero exit.
   */
  String temporal(boolean asWritten, String... args) throws Exception {
    if (cli == null)
      throw new IllegalStateException("no Temporal CLI: the world runs the test server");
    List<String> argv = new ArrayList<>(List.of(cli.toString()));
    argv.addAll(List.of(args));
    if (!asWritten) argv.addAll(List.of("--address", address()));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("TEMPORAL_ADDRESS", address());
    pb.environment().put("HOME", demo.root().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", args) + ": no end in 10 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "temporal " + String.join(" ", args) + " -> exit " + p.exitValue() + ": " + out);
    }
    return out;
  }

  String temporal(String... args) throws Exception {
    return temporal(false, args);
  }

  /** {@code timmy <args>} as a one-shot process with the world's settings: exit code and output. */
  /** A one-shot run: exit code and output. */
  record Ran(int exit, String output) {}

  Ran timmy(String processName, String... args) throws Exception {
    TimmyProcess p = track(TimmyProcess.start(processName, root, env, JAVA, args));
    if (!p.process.waitFor(3, TimeUnit.MINUTES)) {
      p.close();
      throw new IllegalStateException(processName + ": no end in 3 minutes\n" + p.tail());
    }
    return new Ran(p.process.exitValue(), p.output());
  }

  void startWorker() throws Exception {
    worker = startWorker(name + "-worker-" + ++workers, Map.of());
  }

  /** A worker named {@code processName} with {@code overrides} on top of the world's settings. */
  TimmyProcess startWorker(String processName, Map<String, String> overrides) throws Exception {
    Map<String, String> workerEnv = new HashMap<>(env);
    workerEnv.putAll(overrides);
    if (overrides.containsKey("TIMMY_TMUX_SOCKET"))
      tmuxSockets.add(overrides.get("TIMMY_TMUX_SOCKET"));
    stateDirs.add(workerEnv.get("TIMMY_STATE_DIR"));
    TimmyProcess p = track(TimmyProcess.start(processName, root, workerEnv, JAVA, "worker"));
    awaitLine(p, "timmy worker ready", Duration.ofSeconds(90));
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
    if (status != 137)
      throw new IllegalStateException(worker.name + " was not SIGKILLed: " + status);
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

  /** Everything the workers printed, each whole. */
  String workerOutputs() {
    StringBuilder out = new StringBuilder();
    for (TimmyProcess p : processes) {
      if (!p.name.contains("-server")) {
        try {
          out.append(p.output());
        } catch (IOException e) {
          out.append("(").append(p.name).append(": ").append(e).append(")");
        }
      }
    }
    return out.toString();
  }

  String diagnostics() {
    StringBuilder out =
        new StringBuilder(
            "kills: " + kills + (serverKills.isEmpty() ? "" : "; server kills: " + serverKills));
    for (TimmyProcess p : processes) {
      if (p != server) out.append("\nworker ").append(p.name).append(":\n").append(p.tail());
    }
    return out.toString();
  }

  /**
   * Copies the server's and workers' logs to {@code dir/<name>/}, for a look after the temp dir is
   * gone.
   */
  void keepLogs(Path dir) {
    try {
      Path to = Files.createDirectories(dir.resolve(name));
      for (TimmyProcess p : processes) {
        if (Files.exists(p.log))
          Files.copy(p.log, to.resolve(p.log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
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

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
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
    for (String dir : stateDirs)
      if (dir != null) writers.add(Path.of(dir).resolve("jobs").toString());
    if (!Quiesce.awaitNoProcessMentioning(writers, Duration.ofMinutes(3))) {
      System.out.println(
          name
              + ": agents still running after 3 minutes, stopped with their panes: "
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

  /**
   * Workers (and what they left running), their tmux server with the agents, the server, the forge.
   */
  @Override
  public void close() {
    try {
      for (TimmyProcess p : processes) if (p != server) p.close();
      stopTmux();
    } finally {
      // Also when the above failed: a server left running outlives the test run.
      if (stubs != null) stubs.shutdownNow();
      if (server != null) server.close();
      demo.close();
    }
  }

  /** Waits until a line of its output contains {@code text}; fails if it exits first. */
  static void awaitLine(TimmyProcess p, String text, Duration max)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (p.output().contains(text)) return;
      if (!p.process.isAlive()) {
        throw new IllegalStateException(
            p.name + " exited (" + p.process.exitValue() + ") before '" + text + "':\n" + p.tail());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        p.name + " did not print '" + text + "' in " + max + ":\n" + p.tail());
  }
}
