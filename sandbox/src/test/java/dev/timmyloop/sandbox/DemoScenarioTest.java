package dev.timmyloop.sandbox;

import static dev.timmyloop.sandbox.TestApi.expect;
import static dev.timmyloop.sandbox.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo world is built as promised, and its fake agent's recipes really make the tests pass. */
class DemoScenarioTest {
  @TempDir static Path root;
  static DemoScenario demo;
  static TestApi api;

  @BeforeAll
  static void build() throws Exception {
    demo = DemoScenario.create(root, Duration.ZERO);
    api = new TestApi(demo.baseUrl(), Files.readString(demo.tokenFile()).trim());
  }

  @AfterAll
  static void close() {
    if (demo != null) demo.close();
  }

  record Run(int exit, String out) {}

  static Run run(Path dir, List<String> argv) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  /** The agent command with its placeholders filled, as argv (the prompt is one argument). */
  static List<String> agentArgv(String prompt, Path worktree) {
    List<String> argv = new ArrayList<>();
    for (String word : demo.agentCommand().split(" ")) {
      argv.add(
          word.equals("{prompt}")
              ? prompt
              : word.equals("{worktree}") ? worktree.toString() : word);
    }
    return argv;
  }

  static List<String> testCommand() {
    return List.of(demo.env().get("TIMMY_TEST_COMMAND").split(" "));
  }

  @Test
  void theForgeHoldsThreeIssuesAStaleGreenPrAndARedPr() {
    String r = "/repos/timmy/demo";
    JsonNode issues = expect(200, api.get(r + "/issues?type=issues&state=open"));
    assertEquals(3, issues.size());
    assertEquals(demo.issues().size(), 3);
    JsonNode stale = expect(200, api.get(r + "/pulls/" + demo.stalePr()));
    assertTrue(stale.get("mergeable").asBoolean());
    String mainSha = git(demo.repoPath(), "rev-parse", "origin/main");
    String staleHead = stale.get("head").get("sha").asText();
    assertFalse(isAncestor(mainSha, staleHead), "the stale PR is behind main");
    assertEquals("success", state(staleHead));
    long run =
        expect(200, api.get(r + "/actions/runs?head_sha=" + staleHead))
            .get("workflow_runs")
            .get(0)
            .get("id")
            .asLong();
    String log = api.get(r + "/actions/jobs/" + run + "/logs").body();
    assertTrue(log.contains("test_percent") && log.contains("exit code 0"), log);
    JsonNode failing = expect(200, api.get(r + "/pulls/" + demo.failingPr()));
    assertEquals("failure", state(failing.get("head").get("sha").asText()));
    assertEquals("success", state(mainSha));
  }

  @Test
  void theCloneAndTokenFileAreReady() throws Exception {
    assertEquals(".githooks", git(demo.repoPath(), "config", "core.hooksPath"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(demo.tokenFile())));
    assertTrue(Files.isExecutable(demo.repoPath().resolve(".githooks/pre-commit")));
    assertTrue(Files.exists(demo.repoPath().resolve("SOUL.md")));
    Map<String, String> env = demo.env();
    assertEquals(demo.baseUrl(), env.get("TIMMY_GITEA_URL"));
    assertTrue(env.get("TIMMY_AGENT_COMMAND").contains("--print -p {prompt} -w {worktree}"));
    assertEquals("none", env.get("TIMMY_AGENT_SANDBOX"));
    assertEquals(14, env.size());
    assertEquals("/dev/null", env.get("TIMMY_TMUX_CONF"));
  }

  @Test
  void theFakeAgentAppliesAnIssuesFixSoTheTestsPass() throws Exception {
    long issue = demo.issues().get(0);
    Path wt = root.resolve("worktrees").resolve("issue-" + issue);
    git(
        demo.repoPath(),
        "worktree",
        "add",
        "-q",
        "-b",
        "fix/issue-" + issue,
        wt.toString(),
        "origin/main");
    long before = lines(demo.agentLog());

    Run agent = run(wt, agentArgv("Fix Issue #" + issue + ": it's \"$(broken)\" `now`", wt));

    assertEquals(0, agent.exit(), agent.out());
    assertTrue(agent.out().lines().anyMatch("TurnEnd()"::equals), agent.out());
    assertEquals(before + 1, lines(demo.agentLog()));
    assertTrue(Files.exists(wt.resolve("tests/test_power.py")));
    Run tests = run(wt, testCommand());
    assertEquals(0, tests.exit(), tests.out());
    assertTrue(tests.out().contains("test_power"), tests.out());
    // The change commits through the project's pre-commit hook.
    git(wt, "add", "-A");
    git(wt, "commit", "-q", "-m", "Add power");
    Files.writeString(wt.resolve("calc/broken.py"), "def broken(:\n");
    git(wt, "add", "-A");
    Run rejected = run(wt, List.of("git", "commit", "-q", "-m", "broken"));
    assertTrue(
        rejected.exit() != 0, "the pre-commit hook rejects a syntax error: " + rejected.out());
  }

  @Test
  void theFailingPrsRecipeFixesItsBranch() throws Exception {
    JsonNode pr = expect(200, api.get("/repos/timmy/demo/pulls/" + demo.failingPr()));
    String branch = pr.get("head").get("ref").asText();
    Path wt = root.resolve("worktrees").resolve("pr-" + demo.failingPr());
    git(demo.repoPath(), "fetch", "-q", "origin");
    git(
        demo.repoPath(),
        "worktree",
        "add",
        "-q",
        "-b",
        "repair",
        wt.toString(),
        "origin/" + branch);
    assertTrue(run(wt, testCommand()).exit() != 0, "red before the fix");
    Run agent = run(wt, agentArgv("Repair PR #" + demo.failingPr() + " whose CI fails", wt));
    assertEquals(0, agent.exit(), agent.out());
    Run tests = run(wt, testCommand());
    assertEquals(0, tests.exit(), tests.out());
  }

  @Test
  void unknownJobsChangeNothingAndAnalysisGivesJson() throws Exception {
    Path wt = root.resolve("worktrees").resolve("idle");
    git(demo.repoPath(), "worktree", "add", "-q", "--detach", wt.toString(), "origin/main");
    Run agent = run(wt, agentArgv("Fix Issue #999", wt));
    assertEquals(0, agent.exit());
    assertEquals("", git(wt, "status", "--porcelain"));
    Run analysis =
        run(wt, agentArgv("Look at the repo. Respond with a JSON array of proposals.", wt));
    JsonNode proposals = TestApi.JSON.readTree(analysis.out());
    assertEquals(2, proposals.size());
    assertTrue(
        proposals.get(0).has("kind")
            && proposals.get(0).has("title")
            && proposals.get(0).has("body"));
  }

  private static boolean isAncestor(String a, String b) {
    try {
      return run(demo.repoPath(), List.of("git", "merge-base", "--is-ancestor", a, b)).exit() == 0;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static String state(String sha) {
    return expect(200, api.get("/repos/timmy/demo/commits/" + sha + "/status"))
        .get("state")
        .asText();
  }

  private static long lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }
}
