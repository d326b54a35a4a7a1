package dev.timmyloop.worker.agents;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.model.AgentEnv;
import dev.timmyloop.sandbox.model.ModelServer;
import dev.timmyloop.sandbox.model.Recipe;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.worker.world.World;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
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
import java.util.stream.Stream;

/**
 * A {@link ScenarioWorld} whose agents are the real CLIs from {@code /opt/agents/bin}, sandboxed
 * with bwrap, each profile talking to its own scripted {@link ModelServer}; the worker's
 * environment is an explicit map, never the caller's.
 */
final class AgentJobWorld implements AutoCloseable {
  static final Path AGENTS = Path.of("/opt/agents/bin");
  private static final ObjectMapper JSON = new ObjectMapper();

  final ScenarioWorld scenario;
  final DemoScenario demo;
  final TimmyConfig config;
  final Map<String, ModelServer> models;
  private final Map<String, Long> labels = new HashMap<>();
  private int panes;

  /** Skips the test when {@code profile}'s CLI is not installed. */
  static void assumeInstalled(String profile) {
    Path cli = AGENTS.resolve(profile.equals("kimi-cli") ? "kimi" : profile);
    assumeTrue(Files.isExecutable(cli), cli + " is missing: run .ci/install-agents (as root)");
  }

  private AgentJobWorld(ScenarioWorld scenario, Map<String, ModelServer> models) {
    this.scenario = scenario;
    this.demo = scenario.demo;
    this.config = scenario.config;
    this.models = models;
  }

  /**
   * @param recipes what each profile's model does; kimi-cli and kimi-code exclude each other (both
   *     run as {@code kimi})
   * @param overrides {@code TIMMY_*} settings on top of these
   */
  static AgentJobWorld create(Path root, Map<String, Recipe> recipes, Map<String, String> overrides)
      throws Exception {
    recipes.keySet().forEach(AgentJobWorld::assumeInstalled);
    if (recipes.containsKey("kimi-cli") && recipes.containsKey("kimi-code")) {
      throw new IllegalArgumentException("kimi-cli and kimi-code both run as kimi: one world each");
    }
    Map<String, ModelServer> models = new LinkedHashMap<>();
    World world = World.in(root);
    try {
      DemoScenario demo = world.forge(Duration.ZERO).forge();
      Map<String, String> workerEnv = ScenarioWorld.workerEnv(demo);
      String path = AGENTS + ":" + workerEnv.get("PATH");
      if (recipes.containsKey("kimi-code")) {
        // The profile runs `kimi`: a PATH whose first folder has Kimi Code under that name.
        Path bin = Files.createDirectories(root.resolve("kimi-code-bin"));
        Files.createSymbolicLink(bin.resolve("kimi"), AGENTS.resolve("kimi-code"));
        path = bin + ":" + path;
      }
      workerEnv.put("PATH", path);
      List<String> agentEnv = new ArrayList<>();
      for (Map.Entry<String, Recipe> e : recipes.entrySet()) {
        ModelServer model = ModelServer.start(e.getValue());
        models.put(e.getKey(), model);
        world.closeWith(model);
        model.dumpBodiesTo(Files.createDirectories(root.resolve("bodies-" + e.getKey())));
        AgentEnv.forProfile(e.getKey(), model, demo.root())
            .forEach(
                (name, value) -> {
                  // HOME is the worker's already; TMPDIR stays the job's own (inside the sandbox).
                  if (name.equals("HOME") || name.equals("TMPDIR")) return;
                  String had = workerEnv.put(name, value);
                  if (had != null && !had.equals(value)) {
                    throw new IllegalArgumentException(
                        name + " differs between profiles in one world");
                  }
                  if (!agentEnv.contains(name)) agentEnv.add(name);
                });
      }
      // Values may hold commas, which agentEnv splits on: by name only, the worker has the value.
      if (recipes.containsKey("aider")) agentEnv.add("AIDER_MODEL=openai/" + AgentEnv.MODEL);
      Map<String, String> timmy = new HashMap<>();
      timmy.put("TIMMY_AGENT_COMMAND", null); // the stand-in's: each profile's own command runs
      timmy.put("TIMMY_AGENT", recipes.keySet().iterator().next());
      timmy.put("TIMMY_AGENT_ENV", String.join(",", agentEnv));
      timmy.put("TIMMY_AGENT_SANDBOX", "bwrap");
      timmy.put("TIMMY_PANES", String.valueOf(Math.max(3, recipes.size() + 1)));
      timmy.putAll(overrides);
      return new AgentJobWorld(ScenarioWorld.of(world, timmy, workerEnv), models);
    } catch (Exception | Error e) {
      world.close();
      throw e;
    }
  }

  /** Files an issue labelled {@code agent:<profile>}. */
  long issue(String profile, String title, String body) {
    long label =
        labels.computeIfAbsent(
            profile,
            p -> demo.forge().createLabel(demo.owner(), demo.repo(), "agent:" + p, "5319e7"));
    long n = demo.forge().createIssue(demo.owner(), demo.repo(), title, body);
    demo.forge().addLabels(demo.owner(), demo.repo(), n, label);
    return n;
  }

  /** Claims the issue as Dispatch would and starts its job in a pane of its own. */
  WorkflowStub start(long issue) {
    Holder owner = new Holder("real-agent-test", "", config.tmuxSession() + ":0." + panes++);
    IssueJob job = scenario.issueJob(issue);
    WorkflowClient.start(job::run, scenario.claimAndPrepare(issue, owner));
    return WorkflowStub.fromTyped(job);
  }

  static IssueJobResult result(WorkflowStub job) throws Exception {
    return job.getResult(8, TimeUnit.MINUTES, IssueJobResult.class);
  }

  // ---- looking from the outside ----

  /** Every pull, open and closed, as the forge lists it. */
  List<JsonNode> pulls() throws Exception {
    String token = Files.readString(demo.tokenFile()).trim();
    String url =
        demo.baseUrl()
            + "/api/v1/repos/"
            + demo.owner()
            + "/"
            + demo.repo()
            + "/pulls?state=all&limit=50";
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "token " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException(url + " -> " + r.statusCode());
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(r.body()).forEach(out::add);
    return out;
  }

  /** The pulls whose branch is the job's for {@code issue}. */
  List<JsonNode> pullsFor(long issue) throws Exception {
    return pulls().stream()
        .filter(p -> p.path("head").path("ref").asText().matches("[a-z]+/" + issue + "-.*"))
        .toList();
  }

  /** Messages of the single-parent commits on the forge's main that mention {@code #issue}. */
  List<String> squashCommitsFor(long issue) throws Exception {
    git("fetch", "-q", "origin");
    List<String> out = new ArrayList<>();
    for (String entry : git("log", "--format=%P%x1f%B%x1e", "origin/main").split("\u001e")) {
      String[] parts = entry.strip().split("\u001f", 2);
      if (parts.length == 2
          && !parts[0].trim().contains(" ")
          && parts[1].matches("(?s).*#" + issue + "(?!\\d).*")) {
        out.add(parts[1]);
      }
    }
    return out;
  }

  /** A file on the forge's main, or null when it is not there. */
  String onMain(String file) throws Exception {
    git("fetch", "-q", "origin");
    Process p =
        new ProcessBuilder("git", "show", "origin/main:" + file)
            .directory(demo.repoPath().toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    return p.waitFor() == 0 ? out : null;
  }

  /** True when a request body the profile's model received holds {@code text} in one string. */
  boolean modelReceived(String profile, String text) throws Exception {
    Path dir = demo.root().getParent().resolve("bodies-" + profile);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        try {
          if (holds(JSON.readTree(f.toFile()), text)) return true;
        } catch (java.io.IOException notJson) {
          // count_tokens and friends may send nothing parseable
        }
      }
    }
    return false;
  }

  private static boolean holds(JsonNode node, String text) {
    if (node.isTextual()) return node.asText().contains(text);
    for (JsonNode child : node) if (holds(child, text)) return true;
    return false;
  }

  boolean claimed(long issue) {
    return scenario.liveClaims().stream().anyMatch(c -> c.issue() == issue);
  }

  List<Path> worktreeDirs() throws Exception {
    return scenario.worktreeDirs();
  }

  /** The linked worktrees git still knows in the main clone. */
  long linkedWorktrees() throws Exception {
    return scenario.linkedWorktrees().size();
  }

  String git(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    return ScenarioWorld.run(demo.repoPath(), argv.toArray(String[]::new));
  }

  @Override
  public void close() throws Exception {
    scenario.close(); // the models too
  }
}
