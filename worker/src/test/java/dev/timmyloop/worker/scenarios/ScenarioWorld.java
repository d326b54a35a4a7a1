package dev.timmyloop.worker.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.state.StateFileActivities.Claim;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.Quiesce;
import dev.timmyloop.worker.Registration;
import dev.timmyloop.worker.world.World;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One scenario's world: a {@link World}'s demo forge and clone, settings and private tmux servers,
 * with an in-process Temporal test server of its own that has every real activity (so a test can
 * stop a host's worker or read histories), and ways to look at each of them from the outside. The
 * worker tests' whole-stack world (scenarios, safety, the demo cycle, the real agents).
 */
public final class ScenarioWorld implements AutoCloseable {
  static final String PANE = "Kimi:0.0";
  static final Holder OWNER = new Holder("scenario-test", "", PANE);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Host workers poll with one thread, so that {@code suspendPolling} (a host whose worker is gone)
   * lets at most one more task through.
   */
  private static final WorkerOptions ONE_POLLER =
      WorkerOptions.newBuilder().setMaxConcurrentActivityTaskPollers(1).build();

  public final DemoScenario demo;
  public final TimmyConfig config;
  public final TestWorkflowEnvironment env;
  public final GiteaClient forge;
  public final LoopSettings settings;

  /** With several hosts: the configuration and the activity worker of each host that has one. */
  final Map<String, TimmyConfig> hostConfigs = new LinkedHashMap<>();

  final Map<String, Worker> hostWorkers = new LinkedHashMap<>();

  /** The forge (unless the test made it), the configuration file and the tmux servers. */
  private final World world;

  /**
   * @param others further hosts (each with its own clone, worktree root, tmux server and state
   *     folder); {@code config} is the home host's
   * @param workerEnv what every host's agents inherit (never the JVM's own environment)
   */
  private ScenarioWorld(
      World world,
      DemoScenario demo,
      TimmyConfig config,
      boolean searchAttributes,
      List<TimmyConfig> others,
      Map<String, String> workerEnv) {
    this.world = world;
    this.demo = demo;
    this.config = config;
    this.forge = new GiteaClient(GiteaActivitiesImpl.optionsFrom(config));
    this.settings = new SettingsActivitiesImpl(config, searchAttributes).settings();
    this.env = TestWorkflowEnvironment.newInstance();
    // The server knows the attributes either way: with the flag off, the workflows send none.
    TimmyAttributes.TYPES.forEach(
        (name, type) ->
            env.registerSearchAttribute(
                name,
                type.equals("Int")
                    ? IndexedValueType.INDEXED_VALUE_TYPE_INT
                    : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(config.taskQueue());
    if (config.hosts().size() > 1) {
      // One shared worker (a test server has one factory per queue); each host polls its own queue.
      Worker home = env.newWorker(Registration.hostQueue(config), ONE_POLLER);
      Registration.register(
          worker, home, config, env.getWorkflowClient(), () -> searchAttributes, false, workerEnv);
      hostConfigs.put(config.host(), config);
      hostWorkers.put(config.host(), home);
      for (TimmyConfig other : others) {
        Worker w = env.newWorker(Registration.hostQueue(other), ONE_POLLER);
        w.registerActivitiesImplementations(
            Registration.hostActivities(
                    other, workerEnv, Registration.jobWaits(env.getWorkflowClient()))
                .toArray());
        hostConfigs.put(other.host(), other);
        hostWorkers.put(other.host(), w);
      }
    } else {
      Registration.register(
          worker, null, config, env.getWorkflowClient(), () -> searchAttributes, false, workerEnv);
    }
    env.start();
  }

  /**
   * Several hosts in one test server: {@code hosts} are all names the loop knows (the first is the
   * home host); those in {@code withWorkers} get a worker, a clone of the forge's repository, a
   * worktree root, a tmux server and a state folder of their own. The others have no worker.
   */
  static ScenarioWorld createHosts(
      Path root,
      Duration agentDelay,
      Map<String, String> overrides,
      List<String> hosts,
      List<String> withWorkers)
      throws Exception {
    World world = World.in(root).forge(agentDelay);
    try {
      DemoScenario demo = world.forge();
      Map<String, String> base = testSettings(world, demo);
      base.put("TIMMY_HOSTS", String.join(",", hosts));
      base.put("TIMMY_HOST_TIMEOUT", "5s");
      base.putAll(overrides);
      Map<String, String> homeEnv = new HashMap<>(base);
      homeEnv.put("TIMMY_HOST", hosts.get(0));
      TimmyConfig home = world.config(homeEnv);
      String origin = run(demo.repoPath(), "git", "remote", "get-url", "origin").trim();
      List<TimmyConfig> others = new ArrayList<>();
      for (String host : withWorkers) {
        if (host.equals(hosts.get(0))) continue;
        Path dir = Files.createDirectories(demo.root().resolve("host-" + host));
        Path clone = dir.resolve("demo");
        run(dir, "git", "clone", "-q", origin, clone.toString());
        run(clone, "git", "config", "user.name", "Timmy");
        run(clone, "git", "config", "user.email", "timmy@sandbox.invalid");
        run(clone, "git", "config", "core.hooksPath", ".githooks");
        Map<String, String> env = new HashMap<>(base);
        env.put("TIMMY_HOST", host);
        env.put("TIMMY_REPO_PATH", clone.toString());
        env.put(
            "TIMMY_WORKTREE_ROOT", Files.createDirectories(dir.resolve("worktrees")).toString());
        env.put("TIMMY_STATE_DIR", Files.createDirectories(dir.resolve("state")).toString());
        env.put("TIMMY_TMUX_SOCKET", base.get("TIMMY_TMUX_SOCKET") + "-" + host);
        world.tmuxServer(env.get("TIMMY_TMUX_SOCKET"));
        others.add(world.config(env));
      }
      ScenarioWorld scenario = new ScenarioWorld(world, demo, home, false, others, workerEnv(demo));
      for (TimmyConfig c : scenario.hostConfigs.values()) scenario.awaitReadyPanes(c);
      return scenario;
    } catch (Exception | Error e) {
      world.close();
      throw e;
    }
  }

  /**
   * @param overrides {@code TIMMY_*} settings on top of the test defaults
   */
  static ScenarioWorld create(Path root, Duration agentDelay, Map<String, String> overrides)
      throws Exception {
    return create(root, agentDelay, overrides, false);
  }

  /**
   * @param searchAttributes the worker found the Timmy search attributes on the server
   */
  static ScenarioWorld create(
      Path root, Duration agentDelay, Map<String, String> overrides, boolean searchAttributes)
      throws Exception {
    World world = World.in(root).forge(agentDelay);
    try {
      return started(world, overrides, searchAttributes, workerEnv(world.forge()));
    } catch (Exception | Error e) {
      world.close();
      throw e;
    }
  }

  /**
   * On {@code world}'s forge, with the worker's environment of the test's own (real agents'
   * variables); the Kimi session is up front. Closing it closes {@code world}.
   *
   * @param overrides {@code TIMMY_*} settings on top of the test defaults; a null value drops one
   */
  public static ScenarioWorld of(
      World world, Map<String, String> overrides, Map<String, String> workerEnv) throws Exception {
    return started(world, overrides, false, workerEnv);
  }

  private static ScenarioWorld started(
      World world, Map<String, String> overrides, boolean searchAttributes, Map<String, String> env)
      throws IOException {
    TimmyConfig config = config(world, world.forge(), overrides);
    ScenarioWorld scenario =
        new ScenarioWorld(world, world.forge(), config, searchAttributes, List.of(), env);
    scenario.awaitReadyPanes(config);
    return scenario;
  }

  /** What the worker's agents inherit: a plain PATH and the forge's folder as HOME. */
  public static Map<String, String> workerEnv(DemoScenario demo) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", demo.root().toString());
    env.put("LANG", "C.UTF-8");
    return env;
  }

  /**
   * On a forge the test made (and closes): no session up front, the cycle makes its own.
   *
   * @param overrides {@code TIMMY_*} settings on top of the test defaults
   */
  public static ScenarioWorld on(DemoScenario demo, Map<String, String> overrides)
      throws Exception {
    World world = World.in(demo.root());
    TimmyConfig config = config(world, demo, overrides);
    return new ScenarioWorld(world, demo, config, false, List.of(), workerEnv(demo));
  }

  /** The demo's settings with a tmux server of the test's own, and {@code overrides}. */
  public static TimmyConfig config(DemoScenario demo, Map<String, String> overrides)
      throws IOException {
    return config(World.in(demo.root()), demo, overrides);
  }

  /**
   * {@code forge}'s settings for a test's world, whose Temporal is its own: nothing of this
   * machine's environment, the forge's folder as HOME, a tmux server of its own that ends with the
   * world.
   */
  private static Map<String, String> testSettings(World world, DemoScenario forge) {
    Map<String, String> env = new HashMap<>(forge.settings());
    env.put("HOME", forge.root().toString());
    env.put(
        "TIMMY_TMUX_SOCKET",
        "timmy-scn-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
    world.tmuxServer(env.get("TIMMY_TMUX_SOCKET"));
    return env;
  }

  private static TimmyConfig config(World world, DemoScenario demo, Map<String, String> overrides)
      throws IOException {
    Map<String, String> env = testSettings(world, demo);
    overrides.forEach((k, v) -> env.compute(k, (key, had) -> v));
    return world.config(env);
  }

  /** Creates the Kimi session up front, as a person's long-lived session would be. */
  private void awaitReadyPanes(TimmyConfig config) {
    new TmuxActivitiesImpl(config).ensureSession();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Runs {@code timmy-cycle-<n>} on this world to its end. */
  TimmyCycle.CycleResult cycle(int n, TimmyCycle.CycleInput input) {
    return client()
        .newWorkflowStub(
            TimmyCycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("timmy-cycle-" + n)
                .setTaskQueue(config.taskQueue())
                .build())
        .run(input);
  }

  /** Runs {@code timmy-cycle-<n>} with the default input (a dry run off) to its end. */
  public TimmyCycle.CycleResult run(int n) {
    return cycle(n, new TimmyCycle.CycleInput(null, null, null, true, null));
  }

  /** Every execution of the run, open and closed. */
  public List<WorkflowExecutionInfo> executions() {
    var stubs = client().getWorkflowServiceStubs().blockingStub();
    String ns = client().getOptions().getNamespace();
    List<WorkflowExecutionInfo> all =
        new ArrayList<>(
            stubs
                .listClosedWorkflowExecutions(
                    ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(ns)
                        .setMaximumPageSize(1000)
                        .build())
                .getExecutionsList());
    all.addAll(
        stubs
            .listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(ns)
                    .setMaximumPageSize(1000)
                    .build())
            .getExecutionsList());
    return all;
  }

  /**
   * The history as JSON and as protobuf text: in the JSON, payloads are base64, so a plain search
   * would miss what they carry; the protobuf text shows their bytes as (escaped) text.
   */
  public String historyJson(WorkflowExecutionInfo info) {
    var history =
        client().fetchHistory(info.getExecution().getWorkflowId(), info.getExecution().getRunId());
    return history.toJson(true) + "\n" + history.getHistory();
  }

  /**
   * Before a test looks at the world's histories, logs or files: the worker stops (its running
   * tasks end first) and the agents' tmux server stops (its panes' processes end first). The test
   * server stays up, so the histories can still be read. The forge's CI: {@code stopCi}.
   */
  public void quiesce() throws Exception {
    WorkerFactory workers = env.getWorkerFactory();
    workers.shutdown();
    workers.awaitTermination(60, TimeUnit.SECONDS);
    if (!workers.isTerminated()) {
      workers.shutdownNow();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
    // its panes' processes end too, before the test reads what they wrote
    Quiesce.stopTmuxServer(config.tmuxSocket(), Duration.ofSeconds(30));
  }

  /** Claims the issue as Dispatch would, then returns the job's input (cycle 1, pane 0). */
  IssueJobInput claimAndPrepare(long issue) {
    return claimAndPrepare(issue, OWNER);
  }

  /** Claims the issue for {@code owner} (its pane) and returns the job's input (cycle 1). */
  public IssueJobInput claimAndPrepare(long issue, Holder owner) {
    var outcome =
        new StateFileActivitiesImpl(config)
            .claim(new ClaimRequest(issue, owner, settings.claimTtlSeconds()));
    if (outcome.status() != ClaimStatus.CLAIMED)
      throw new IllegalStateException("claim: " + outcome);
    return new IssueJobInput(1, issue, forge.getIssue(issue).title(), owner, settings, null);
  }

  public IssueJob issueJob(long issue) {
    return client()
        .newWorkflowStub(
            IssueJob.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IssueJob.workflowId(issue))
                .setTaskQueue(config.taskQueue())
                .build());
  }

  WorkflowExecutionStatus status(String workflowId) {
    return client()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client().getOptions().getNamespace())
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  // ---- looking from the outside ----

  /**
   * The fake agent's log, one JSON object per finished run; read once every agent has ended ({@link
   * #awaitAgentsEnded}), a line still being written is left out.
   */
  List<JsonNode> agentLog() throws IOException {
    awaitAgentsEnded();
    if (!Files.exists(demo.agentLog())) return List.of();
    String text = Files.readString(demo.agentLog());
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      if (!line.isBlank()) out.add(JSON.readTree(line));
    }
    return out;
  }

  /**
   * Waits until no job's runner or agent runs on any host (those of a job that outlived its cycle
   * or its attempt too): they write the job folders, the worktrees and the agent log.
   */
  void awaitAgentsEnded() {
    List<String> writers = new ArrayList<>(List.of(demo.root().resolve("bin").toString()));
    writers.add(config.jobsDir().toString());
    hostConfigs.values().forEach(c -> writers.add(c.jobsDir().toString()));
    try {
      if (!Quiesce.awaitNoProcessMentioning(writers, Duration.ofMinutes(3))) {
        throw new AssertionError("agents still run: " + Quiesce.mentioning(writers));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long agentRuns(String key) throws IOException {
    return agentLog().stream().filter(e -> key.equals(e.path("key").asText())).count();
  }

  public List<Claim> liveClaims() {
    return new StateFileActivitiesImpl(config).readState().liveClaims();
  }

  List<PaneStatus> panes() {
    return new TmuxActivitiesImpl(config).paneStatus();
  }

  /** What is left under the worktree root. */
  public List<Path> worktreeDirs() throws IOException {
    try (Stream<Path> s = Files.list(config.worktreeRoot())) {
      return s.toList();
    }
  }

  /** The worktrees git knows in the main clone, besides the clone itself. */
  public List<String> linkedWorktrees() throws Exception {
    String out = run(config.repoPath(), "git", "worktree", "list", "--porcelain");
    String self = config.repoPath().toRealPath().toString();
    return out.lines()
        .filter(l -> l.startsWith("worktree "))
        .map(l -> l.substring("worktree ".length()))
        .filter(p -> !p.equals(self))
        .toList();
  }

  /** Branch names on the forge's repository. */
  List<String> remoteBranches() throws Exception {
    return run(config.repoPath(), "git", "ls-remote", "--heads", "origin")
        .lines()
        .map(l -> l.substring(l.indexOf("refs/heads/") + "refs/heads/".length()))
        .toList();
  }

  /** {@link #remoteBranches}, for lambdas; empty when git fails. */
  List<String> remoteBranchesQuietly() {
    try {
      return remoteBranches();
    } catch (Exception e) {
      return List.of();
    }
  }

  boolean hasComment(long number, String text) {
    return forge.comments(number).stream().anyMatch(b -> b.contains(text));
  }

  Path jobDir(String jobId) {
    return config.jobsDir().resolve(jobId);
  }

  // ---- acting as a person on the forge ----

  /** Someone merges the PR by hand, as in the Gitea UI. */
  int mergeByHand(long pull) throws Exception {
    return api("POST", "/pulls/" + pull + "/merge", "{\"Do\":\"squash\",\"force_merge\":true}");
  }

  /** Someone closes the issue or PR by hand. */
  int closeByHand(long number) throws Exception {
    return api("PATCH", "/issues/" + number, "{\"state\":\"closed\"}");
  }

  private int api(String method, String path, String json) throws Exception {
    String token = Files.readString(demo.tokenFile()).trim();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    demo.baseUrl() + "/api/v1/repos/" + demo.owner() + "/" + demo.repo() + path))
            .header("Authorization", "token " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .timeout(Duration.ofSeconds(30))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  // ---- helpers ----

  static void awaitTrue(String what, Duration max, BooleanSupplier condition) throws Exception {
    long until = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) throw new AssertionError("never happened: " + what);
      Thread.sleep(250);
    }
  }

  public static String run(Path dir, String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    try {
      env.close();
    } finally {
      world.close(); // its tmux servers, their panes' processes, then its forge
    }
  }
}
