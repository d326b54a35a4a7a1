package dev.timmyloop.cli.restart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.sandbox.DemoScenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restart world looks like from the outside: the forge's HTTP API and bare repository, the
 * stand-in agent's own log, the marks of the test and CI commands, git and the claims file. Never
 * our workflow state.
 */
final class WorldFacts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZERO = "0000000000000000000000000000000000000000";

  final DemoScenario demo;
  final Path marks;
  private final HttpClient http = HttpClient.newHttpClient();

  WorldFacts(DemoScenario demo, Path marks) {
    this.demo = demo;
    this.marks = marks;
  }

  /** A call to the forge's API under {@code /repos/<owner>/<repo>}; the body of a 2xx answer. */
  String api(String method, String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    demo.baseUrl() + "/api/v1/repos/" + demo.owner() + "/" + demo.repo() + path))
            .header("Authorization", "token " + Files.readString(demo.tokenFile()).trim())
            .timeout(Duration.ofSeconds(30));
    b =
        json == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Opens an issue on the forge; its number. */
  long issueCreated(String title, String body) throws IOException, InterruptedException {
    String json = JSON.writeValueAsString(java.util.Map.of("title", title, "body", body));
    return JSON.readTree(api("POST", "/issues", json)).path("number").asLong();
  }

  /** Every PR, open and closed. */
  List<JsonNode> pulls() throws IOException, InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(api("GET", "/pulls?state=all&limit=50", null)).forEach(out::add);
    return out;
  }

  /** The PRs whose title names issue {@code n}. */
  List<JsonNode> pullsFor(long n) throws IOException, InterruptedException {
    return pulls().stream().filter(p -> p.path("title").asText().contains("(#" + n + ")")).toList();
  }

  String combinedState(String sha) throws IOException, InterruptedException {
    return JSON.readTree(api("GET", "/commits/" + sha + "/status", null)).path("state").asText();
  }

  /** The agent log's lines for {@code key}: {@code "start"} entries, or the finished runs. */
  long agentRuns(String key, boolean starts) throws IOException {
    return agentLog().stream()
        .filter(e -> key.equals(e.path("key").asText()))
        .filter(e -> e.path("event").asText().equals("start") == starts)
        .count();
  }

  /**
   * The stand-in agent's own log: one entry per start and per finished run (key, worktree, ...). A
   * line still being written is left out.
   */
  List<JsonNode> agentLog() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(demo.agentLog())) return out;
    String text = Files.readString(demo.agentLog());
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      if (!line.isBlank()) out.add(JSON.readTree(line));
    }
    return out;
  }

  long agentRunsQuietly(String key, boolean starts) {
    try {
      return agentRuns(key, starts);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Lines of a marks file ({@code tests}, {@code ci}): one per start of that command. */
  List<String> marks(String name) {
    try {
      Path f = marks.resolve(name);
      return Files.exists(f) ? Files.readAllLines(f) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Starts of the test command in an issue's worktree ({@code <worktreeRoot>/fix-...}, {@code
   * feat-...}).
   */
  List<String> issueTestRuns() {
    return marks("tests").stream()
        .filter(l -> l.matches(".*/worktrees/(fix|feat|refactor|policy)-.*"))
        .toList();
  }

  /** The ref updates the bare repository's post-receive hook saw: {@code old new ref}. */
  List<String[]> pushes() throws IOException {
    Path spool = bare().resolve("sandbox-pushes.log");
    List<String[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(spool)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 3) out.add(parts);
    }
    return out;
  }

  /** Branches created by a push whose name starts with {@code prefix} (e.g. {@code fix/}). */
  List<String> branchesCreated(String prefix) throws IOException {
    return pushes().stream()
        // The loop's branches are named by kind (fix/, feat/ …, issue 13): "fix/" stands for all of
        // them.
        .filter(
            p ->
                p[0].equals(ZERO)
                    && (prefix.equals("fix/")
                        ? p[2].matches("refs/heads/(fix|feat|refactor|policy)/.*")
                        : p[2].startsWith("refs/heads/" + prefix)))
        .map(p -> p[2])
        .toList();
  }

  /** Main's first-parent history in the bare repository: {@code <parents>\t<subject>} lines. */
  List<String> mainHistory() throws Exception {
    return run(
            demo.root(),
            "git",
            "--git-dir",
            bare().toString(),
            "log",
            "--first-parent",
            "--format=%P%x09%s",
            "main")
        .lines()
        .toList();
  }

  /** Worktrees git knows in the worker's clone, besides the clone itself. */
  List<String> linkedWorktrees() throws Exception {
    return linkedWorktrees(demo.repoPath());
  }

  /** Worktrees git knows in {@code clone}, besides the clone itself. */
  static List<String> linkedWorktrees(Path clone) throws Exception {
    String self = clone.toRealPath().toString();
    return run(clone, "git", "worktree", "list", "--porcelain")
        .lines()
        .filter(l -> l.startsWith("worktree "))
        .map(l -> l.substring("worktree ".length()))
        .filter(p -> !p.equals(self))
        .toList();
  }

  /** The entries of the claims file ({@code <stateDir>/claims.json}). */
  List<JsonNode> claims() throws IOException {
    Path f = demo.root().resolve("state").resolve("claims.json");
    if (!Files.exists(f)) return List.of();
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(f.toFile()).path("claims").forEach(out::add);
    return out;
  }

  /** The counts the restart test asserts on, in one line for its report. */
  String summary(long issue, int mainBefore) {
    String key = "issue-" + issue;
    try {
      List<JsonNode> pulls = pullsFor(issue);
      return "agent starts "
          + agentRuns(key, true)
          + ", agent runs finished "
          + agentRuns(key, false)
          + ", test runs in the issue's worktree "
          + issueTestRuns().size()
          + ", CI runs "
          + marks("ci").size()
          + ", branches pushed "
          + branchesCreated("fix/").size()
          + ", PRs "
          + pulls.size()
          + " (merged "
          + pulls.stream().filter(p -> p.path("merged").asBoolean()).count()
          + ")"
          + ", commits on main +"
          + (mainHistory().size() - mainBefore)
          + " (naming #"
          + issue
          + ": "
          + mainHistory().stream().filter(l -> l.contains("(#" + issue + ")")).count()
          + ")"
          + ", worktrees left "
          + linkedWorktrees().size()
          + ", claims left "
          + claims().size();
    } catch (Exception e) {
      return "(counts unavailable: " + e + ")";
    }
  }

  Path bare() {
    return demo.root()
        .resolve("forge")
        .resolve("repos")
        .resolve(demo.owner())
        .resolve(demo.repo() + ".git");
  }

  static String run(Path dir, String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", argv) + ": " + out);
    return out;
  }
}
