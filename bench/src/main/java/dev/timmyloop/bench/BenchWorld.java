package dev.timmyloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.RequestRecord;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.worker.world.TemporalCli;
import dev.timmyloop.worker.world.World;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What every figure runs on: the {@link World} (Temporal: the SDK's test server in this JVM, or
 * with {@code --server real} the Temporal CLI's dev server, as the demo starts it; the demo forge,
 * its issues and PRs closed, CI made instant), a stand-in agent whose delay is read from a file at
 * each run, and a client. Each agent and CI run writes its end time, so latencies are measured from
 * the event.
 */
final class BenchWorld implements AutoCloseable {
  static final String TEST_COMMAND = "true";

  final Path root;
  final DemoScenario demo;
  final WorkflowClient client;
  final HttpClient http = HttpClient.newHttpClient();
  final Path agent;
  final Path agentStarts;
  final Path agentExits;
  final Path ciExits;
  private final Path delayFile;

  /** One line naming the server, for the report's notes. */
  final String serverLine;

  private final World world;
  private final WorkflowServiceStubs stubs;
  private final String token;
  private final ObjectMapper json = new ObjectMapper();

  private BenchWorld(World world, String serverLine) throws IOException {
    this.world = world;
    this.root = world.root;
    this.serverLine = serverLine;
    this.demo = world.forge();
    this.token = Files.readString(demo.tokenFile()).trim();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(world.address()).build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    delayFile = root.resolve("agent-delay");
    Files.writeString(delayFile, "0");
    agentStarts = root.resolve("agent-starts.log");
    agentExits = root.resolve("agent-exits.log");
    ciExits = root.resolve("ci-exits.log");
    Files.createFile(agentStarts);
    Files.createFile(agentExits);
    Files.createFile(ciExits);
    agent = script("bench-agent", agentScript());
    Path ci = script("bench-ci", "#!/bin/sh\necho \"$(date +%s%N) $(pwd)\" >> " + ciExits + "\n");
    demo.forge().setTestCommand(demo.owner(), demo.repo(), List.of(ci.toString()));
  }

  /**
   * @param serverKind "test" (the SDK's test server) or "real" (the Temporal CLI's dev server)
   */
  static BenchWorld create(String serverKind, PrintWriter progress)
      throws IOException, InterruptedException {
    Optional<TemporalCli> cli = Optional.empty();
    if (serverKind.equals("real")) {
      cli =
          Optional.of(
              TemporalCli.find(System.getenv())
                  .orElseThrow(
                      () ->
                          CliFailure.badInput(
                              "bench --server real: " + TemporalCli.missingLine())));
    }
    World world = World.create("timmy-bench-");
    try {
      world.temporal(cli, progress);
      String line =
          cli.isPresent()
              ? "Temporal dev server ("
                  + cli.get()
                  + ") on "
                  + world.address()
                  + ", SQLite file, UI "
                  + world.uiUrl().orElseThrow()
              : "Temporal SDK test server (in the bench's JVM) on " + world.address();
      progress.println("bench: " + line + "; seeding the forge (~20 s)");
      progress.flush();
      BenchWorld bench = new BenchWorld(world.forge(Duration.ZERO), line);
      // A clean slate: no open issue or PR of the demo; every run files its own issues.
      for (long n : bench.openNumbers("issues")) bench.close(n);
      for (long n : bench.openNumbers("pulls")) bench.close(n);
      return bench;
    } catch (IOException | InterruptedException | RuntimeException e) {
      world.close();
      throw e;
    }
  }

  /**
   * The stand-in agent: one line with its start time, fake-kimi with the delay of the moment, then
   * one line with its exit time and worktree.
   */
  private String agentScript() {
    String fake = demo.agentCommand().split(" ")[0];
    return "#!/usr/bin/env bash\n"
        + "echo \"$(date +%s%N)\" >> "
        + agentStarts
        + "\nd=$(cat "
        + delayFile
        + " 2>/dev/null || echo 0)\n"
        + fake
        + " --fixes "
        + demo.fixesDir()
        + " --delay \"$d\" --log "
        + demo.agentLog()
        + " \"$@\"\nrc=$?\nw=\"\"; prev=\"\"\n"
        + "for a in \"$@\"; do [ \"$prev\" = \"-w\" ] && w=\"$a\"; prev=\"$a\"; done\n"
        + "echo \"$(date +%s%N) $w\" >> "
        + agentExits
        + "\nexit $rc\n";
  }

  private Path script(String name, String text) throws IOException {
    Path p = root.resolve("bin").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  void setAgentDelay(Duration d) throws IOException {
    Files.writeString(delayFile, String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0));
  }

  /** The {@code TIMMY_*} environment of a worker process on this world. */
  Map<String, String> workerEnv(int panes, String label) throws IOException {
    Path config = root.resolve("timmy.json");
    if (!Files.exists(config)) Files.writeString(config, "{}");
    Map<String, String> env = world.settings(0);
    String socket = "timmy-bench-" + ProcessHandle.current().pid() + "-" + label;
    world.tmuxServer(socket);
    env.put("TIMMY_CONFIG", config.toString());
    env.put("TIMMY_WORKTREE_ROOT", root.resolve("sandbox").resolve("worktrees").toString());
    env.put("TIMMY_TMUX_SOCKET", socket);
    env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
    env.put("TIMMY_PANES", String.valueOf(panes));
    env.put("TIMMY_MAX_DISPATCH", String.valueOf(panes));
    // No analysis runs: the queue holds exactly the issues a run files.
    env.put("TIMMY_MAX_FILED_PER_CYCLE", "0");
    env.put("TIMMY_TEST_COMMAND", TEST_COMMAND);
    env.put("TIMMY_AGENT_COMMAND", agent + " --print -p {prompt} -w {worktree}");
    env.put("TIMMY_CYCLE_BUDGET", "30m");
    env.put("TIMMY_CI_TIMEOUT", "10m");
    env.put("TIMMY_AGENT_TIMEOUT", "10m");
    env.put("TIMMY_LOG_FORMAT", "text");
    return env;
  }

  /** Files {@code k} issues, each with a recipe that adds one file of its own (no conflicts). */
  List<Long> fileIssues(int k, String tag) throws IOException {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      long n =
          demo.forge()
              .createIssue(
                  demo.owner(),
                  demo.repo(),
                  "Add bench note " + tag + "-" + i,
                  "Add the file bench/" + tag + "-" + i + ".txt.");
      Path f =
          demo.fixesDir().resolve("issue-" + n).resolve("bench").resolve(tag + "-" + i + ".txt");
      Files.createDirectories(f.getParent());
      Files.writeString(f, "bench note " + tag + "-" + i + " for issue " + n + "\n");
      out.add(n);
    }
    return out;
  }

  /** Closes whatever a failed run left open, so the next run starts from the same state. */
  void closeLeftovers() throws IOException, InterruptedException {
    for (long n : openNumbers("pulls")) close(n);
    for (long n : openNumbers("issues")) close(n);
  }

  List<Long> openNumbers(String kind) throws IOException, InterruptedException {
    List<Long> out = new ArrayList<>();
    for (int page = 1; page < 50; page++) {
      JsonNode items =
          get(
              kind
                  + "?state=open&limit=50&page="
                  + page
                  + (kind.equals("issues") ? "&type=issues" : ""));
      if (items.isEmpty()) break;
      items.forEach(i -> out.add(i.path("number").asLong()));
    }
    return out;
  }

  private void close(long n) throws IOException, InterruptedException {
    send("PATCH", "issues/" + n, "{\"state\":\"closed\"}");
  }

  /** GET {@code /api/v1/repos/<owner>/<repo>/<path>}. */
  JsonNode get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r = request(method, path, body);
    if (r.statusCode() / 100 != 2) {
      throw new IOException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
  }

  HttpResponse<String> request(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(repoUrl() + "/" + path))
            .header("Authorization", "token " + token)
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30));
    if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
    else
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String repoUrl() {
    return demo.baseUrl() + "/api/v1/repos/" + demo.owner() + "/" + demo.repo();
  }

  /** A stub of a workflow {@code id} on the worker's task queue. */
  <T> T workflow(Class<T> type, String id) {
    return client.newWorkflowStub(
        type,
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(CycleRunner.taskQueue())
            .build());
  }

  List<RequestRecord> requests() {
    return demo.forge().requestLog();
  }

  @Override
  public void close() {
    stubs.shutdown();
    world.close();
  }

  /** After a run without failures; a failed one keeps its logs for a look. */
  void deleteFiles() {
    world.deleteFiles();
  }
}
