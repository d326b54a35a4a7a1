package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.agent.AgentActivities.AwaitRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import dev.timmyloop.activities.tmux.TmuxTestServer;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real agent jobs in tmux panes with each profile: what environment and stdin the agent gets, what
 * its exit code means, and the silence watchdog. The worker's environment is the test's own map, so
 * the expected environment follows from the test's inputs alone.
 */
class AgentRunTest {
  @TempDir static Path root;
  static TmuxTestServer server;
  static Path worktree;
  static Path tokenFile;
  static int nextPane;

  /** The worker's environment: model variables for several profiles, and what must not pass. */
  static Map<String, String> workerEnv() {
    Map<String, String> env = new TreeMap<>();
    env.put("HOME", root.resolve("home").toString());
    env.put("USER", "tester");
    env.put("LANG", "C.UTF-8");
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("ANTHROPIC_API_KEY", "sk-ant-test");
    env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:9");
    env.put("CLAUDE_CONFIG_DIR", "/nowhere");
    env.put("OPENAI_API_KEY", "sk-openai-test");
    env.put("KIMI_MODEL_API_KEY", "kimi-key");
    env.put("MY_KEY", "mine");
    env.put("UNRELATED", "not for agents");
    env.put("GITEA_TOKEN", "gitea-secret");
    env.put("TIMMY_GITEA_TOKEN_FILE", tokenFile.toString());
    env.put("CLAUDE_TOKEN_PATH", tokenFile.toString());
    return env;
  }

  @BeforeAll
  static void start() throws Exception {
    server = new TmuxTestServer(root);
    worktree = Files.createDirectories(root.resolve("worktree"));
    tokenFile = root.resolve("token");
    Files.writeString(tokenFile, "gitea-secret");
    Process init = new ProcessBuilder("git", "init", "-q", worktree.toString()).start();
    assertTrue(init.waitFor(30, TimeUnit.SECONDS) && init.exitValue() == 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Run(JobResult result, Map<String, String> env, byte[] stdin, Path jobDir) {}

  /** Runs the recorder as {@code agent}'s command and reads back what it recorded. */
  static Run run(String agent, String args, String prompt, Map<String, String> more)
      throws Exception {
    String jobId = agent + "-" + nextPane;
    String pane = "R:0." + (nextPane++ % 4);
    Path out = root.resolve("out").resolve(jobId);
    Map<String, String> overrides = new HashMap<>(more);
    overrides.put("TIMMY_AGENT", agent);
    overrides.put("TIMMY_GITEA_TOKEN_FILE", tokenFile.toString());
    TimmyConfig config =
        server.config("R", server.standIn("recorder") + " " + out + " " + args, overrides);
    AgentActivitiesImpl kimi = new AgentActivitiesImpl(config, server.tmux, workerEnv());
    kimi.dispatch(new JobRequest(jobId, pane, worktree.toString(), prompt, agent));
    JobResult r = kimi.awaitJob(new AwaitRequest(jobId, pane, 60));
    server.awaitIdle(pane);
    Map<String, String> env = new TreeMap<>();
    if (Files.exists(out.resolve("env"))) {
      for (String entry : Files.readString(out.resolve("env"), UTF_8).split("\0")) {
        int eq = entry.indexOf('=');
        if (eq > 0) env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    Path in = out.resolve("stdin");
    byte[] stdin = Files.exists(in) ? Files.readAllBytes(in) : null;
    return new Run(r, env, stdin, config.jobsDir().resolve(jobId));
  }

  /** What every agent gets, from the worker's map and the job's folder. */
  static Map<String, String> basics(Path jobDir) {
    Map<String, String> w = workerEnv();
    Map<String, String> env = new TreeMap<>();
    for (String name : new String[] {"HOME", "USER", "LANG", "PATH"}) env.put(name, w.get(name));
    env.put("TERM", "dumb");
    env.put("TMPDIR", jobDir.resolve("agent").resolve("tmp").toString());
    return env;
  }

  @Test
  void claudeGetsItsVariablesAndNothingElseAndThePromptOnStdin() throws Exception {
    String prompt = "it's \"quoted\" $(touch CANARY) `id` ${HOME}\n\nline two\\n\n";
    Run run =
        run("claude", "1 0", prompt, Map.of("TIMMY_AGENT_ENV", "MY_KEY, MODEL=opus x, TIMMY_X=1"));

    Map<String, String> expected = basics(run.jobDir());
    expected.put("ANTHROPIC_API_KEY", "sk-ant-test");
    expected.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:9");
    expected.put("CLAUDE_CONFIG_DIR", "/nowhere");
    expected.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    expected.put("DISABLE_TELEMETRY", "1");
    expected.put("DISABLE_AUTOUPDATER", "1");
    expected.put("DISABLE_ERROR_REPORTING", "1");
    expected.put("MY_KEY", "mine");
    expected.put("MODEL", "opus x");
    assertEquals(expected, run.env());
    assertEquals(prompt, new String(run.stdin(), UTF_8));
    assertFalse(Files.exists(worktree.resolve("CANARY")));
    // Claude Code's 1 (its turn limit) leaves the diff to decide; the code is kept.
    assertEquals(JobOutcome.COMPLETED, run.result().outcome(), run.result().outputTail());
    assertEquals(1, run.result().exitCode());
    assertEquals("claude", run.result().agent());
    // The values never reach the script, and their file is gone once read.
    String script = Files.readString(run.jobDir().resolve("run.sh"));
    for (String secret : new String[] {"sk-ant-test", "mine", "opus x", "127.0.0.1:9"}) {
      assertFalse(script.contains(secret), secret);
    }
    assertFalse(Files.exists(run.jobDir().resolve("agent.env")));
  }

  @Test
  void customGetsTheWholeEnvironmentButTheLoopsOwn() throws Exception {
    Run run = run("custom", "0 0", "hi", Map.of());
    Map<String, String> expected = new TreeMap<>(workerEnv());
    expected.keySet().removeIf(n -> n.startsWith("TIMMY_") || n.startsWith("GITEA_"));
    expected.remove("CLAUDE_TOKEN_PATH"); // names the token file
    expected.putAll(basics(run.jobDir()));
    assertEquals(expected, run.env());
    assertEquals("hi", new String(run.stdin(), UTF_8));
  }

  @Test
  void promptPlaceholderLeavesStdinEmpty() throws Exception {
    // The recorder ignores its extra argument; stdin must be /dev/null, not the pane's terminal.
    Run run = run("kimi-code", "0 0 {prompt}", "as an argument", Map.of());
    assertEquals(0, run.stdin().length);
    assertEquals("kimi-key", run.env().get("KIMI_MODEL_API_KEY"));
    assertFalse(run.env().containsKey("ANTHROPIC_API_KEY"));
  }

  @Test
  void customWithoutACommandIsRefusedBeforeSending() throws Exception {
    TimmyConfig config = server.config("R", "", Map.of());
    AgentActivitiesImpl kimi = new AgentActivitiesImpl(config, server.tmux, workerEnv());
    JobRequest request = new JobRequest("custom-none", "R:0.0", worktree.toString(), "p", "custom");
    ApplicationFailure e = assertThrows(ApplicationFailure.class, () -> kimi.dispatch(request));
    assertEquals(FailureTypes.INVALID_AGENT_JOB, e.getType());
    assertFalse(Files.exists(config.jobsDir().resolve("custom-none").resolve("sent")));
  }

  @Test
  void legacyKimi75IsRetryLater() throws Exception {
    JobResult r = run("kimi-cli", "75 0", "p", Map.of()).result();
    assertEquals(JobOutcome.RETRY_LATER, r.outcome(), r.outputTail());
    assertEquals(75, r.exitCode());
  }

  @Test
  void codex2IsUnusable() throws Exception {
    JobResult r = run("codex", "2 0", "p", Map.of()).result();
    assertEquals(JobOutcome.UNUSABLE, r.outcome(), r.outputTail());
  }

  @Test
  void codex1IsFailed() throws Exception {
    assertEquals(JobOutcome.FAILED, run("codex", "1 0", "p", Map.of()).result().outcome());
  }

  @Test
  void aiderZeroIsCompleted() throws Exception {
    JobResult r = run("aider", "0 0", "p", Map.of()).result();
    assertEquals(JobOutcome.COMPLETED, r.outcome(), r.outputTail());
    assertEquals(0, r.exitCode());
  }

  @Test
  void endLineCountsButDoesNotCompleteByDefault() throws Exception {
    // With the old rule the job would complete 3 s after TurnEnd(); it must run on and fail.
    JobResult r = run("kimi-cli", "3 6 turnend", "p", Map.of()).result();
    assertEquals(JobOutcome.FAILED, r.outcome(), r.outputTail());
    assertEquals(1, r.turnEnds());
    assertEquals(3, r.exitCode());
  }

  @Test
  void quietAgentIsStoppedAsSilent() throws Exception {
    long start = System.currentTimeMillis();
    JobResult r = run("claude", "0 120", "p", Map.of("TIMMY_AGENT_SILENCE", "3s")).result();
    assertEquals(JobOutcome.SILENT, r.outcome(), r.outputTail());
    assertTrue(System.currentTimeMillis() - start < 30_000);
    assertTrue(r.outputTail().contains("no output and no change in the worktree"), r.outputTail());
  }

  @Test
  void agentChangingItsWorktreeIsNotSilent() throws Exception {
    // Prints nothing for 8 s but writes a file each second: not silent at 3 s.
    JobResult r = run("claude", "0 8 touch", "p", Map.of("TIMMY_AGENT_SILENCE", "3s")).result();
    assertEquals(JobOutcome.COMPLETED, r.outcome(), r.outputTail());
    assertTrue(r.outputTail().contains("recorder done"), r.outputTail());
  }
}
