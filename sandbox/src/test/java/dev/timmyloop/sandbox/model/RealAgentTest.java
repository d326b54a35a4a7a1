package dev.timmyloop.sandbox.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each real agent CLI from {@code /opt/agents/bin} (installed by {@code .ci/install-agents}) runs
 * headless in a temp git repository against the scripted {@link ModelServer}: the edit recipe must
 * reach the disk through the CLI's own tool (or aider's edit format), and a failing model must end
 * the CLI with a non-zero exit. Each process gets an explicit environment, nothing inherited.
 */
@Tag("real-agent")
class RealAgentTest {
  private static final Path AGENTS = Path.of("/opt/agents/bin");
  private static final String PATH = AGENTS + ":/usr/bin:/bin";
  private static final String PROMPT = "Append the word done to NOTES.md, then stop.\n";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  @TempDir Path tmp;

  /** The exit code recorded for a run killed at its (short) timeout. */
  private static final int HUNG = -1;

  record Run(int exit, String output, double seconds) {}

  @Test
  void claudeWritesTheFileThroughBash() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.edit("NOTES.md", "done by claude\n"))) {
      Run run =
          run(
              "claude",
              model,
              wt,
              stdin(),
              "claude",
              "-p",
              "--permission-mode",
              "acceptEdits",
              "--max-turns",
              "60");
      assertEdited(run, wt, "done by claude\n", model, Wire.ANTHROPIC, "Bash");
    }
  }

  @Test
  void claudeExitsOneWhenTheModelAnswers404() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.failing(404))) {
      Run run =
          run(
              "claude",
              model,
              wt,
              stdin(),
              "claude",
              "-p",
              "--permission-mode",
              "acceptEdits",
              "--max-turns",
              "60");
      assertEquals(1, run.exit(), run.output());
      assertTrue(model.requests(Wire.ANTHROPIC) >= 1, model.exchanges().toString());
      assertEquals("notes\n", read(wt));
    }
  }

  @Test
  void codexWritesTheFileThroughExecCommand() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.edit("NOTES.md", "done by codex\n"))) {
      Run run =
          run(
              "codex",
              model,
              wt,
              stdin(),
              "codex",
              "exec",
              "-C",
              wt.toString(),
              "--sandbox",
              "workspace-write",
              "--skip-git-repo-check",
              "-");
      assertEdited(run, wt, "done by codex\n", model, Wire.RESPONSES, null);
    }
  }

  @Test
  void kimiCliWritesTheFileThroughShell() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.edit("NOTES.md", "done by kimi-cli\n"))) {
      Run run =
          run(
              "kimi",
              model,
              wt,
              stdin(),
              "kimi",
              "--print",
              "--final-message-only",
              "-w",
              wt.toString());
      assertEdited(run, wt, "done by kimi-cli\n", model, Wire.CHAT, null);
    }
  }

  @Test
  void kimiCliExitsOneWhenTheModelAnswers404() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.failing(404))) {
      Run run =
          run(
              "kimi",
              model,
              wt,
              stdin(),
              "kimi",
              "--print",
              "--final-message-only",
              "-w",
              wt.toString());
      assertEquals(1, run.exit(), run.output());
      assertTrue(model.requests(Wire.CHAT) >= 1, model.exchanges().toString());
    }
  }

  @Test
  void kimiCliExits75WhenTheModelRefusesConnections() throws Exception {
    Path wt = repo();
    ModelServer model = ModelServer.start(Recipe.edit("NOTES.md", "never\n"));
    model.close(); // its port now refuses connections
    Run run =
        run(
            "kimi",
            model,
            wt,
            stdin(),
            "kimi",
            "--print",
            "--final-message-only",
            "-w",
            wt.toString());
    assertEquals(75, run.exit(), run.output());
    assertEquals("notes\n", read(wt));
  }

  @Test
  void kimiCodeWritesTheFileThroughItsShellTool() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.edit("NOTES.md", "done by kimi-code\n"))) {
      Run run = run("kimi-code", model, wt, null, "kimi-code", "-p", PROMPT);
      assertEdited(run, wt, "done by kimi-code\n", model, Wire.ANTHROPIC, null);
    }
  }

  @Test
  void claudeExitsOneOn500OnceItsRetriesAreSpent() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.failing(500))) {
      // Without CLAUDE_CODE_MAX_RETRIES it retries a 500 with backoff for minutes.
      Run run =
          run(
              "claude",
              model,
              wt,
              stdin(),
              Map.of("CLAUDE_CODE_MAX_RETRIES", "1"),
              TIMEOUT,
              "claude",
              "-p",
              "--permission-mode",
              "acceptEdits",
              "--max-turns",
              "60");
      assertEquals(1, run.exit(), run.output());
      assertEquals(2, model.requests(Wire.ANTHROPIC), model.exchanges().toString());
    }
  }

  @Test
  void claudeHangsOnASilentModel() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.silent())) {
      Run run =
          run(
              "claude",
              model,
              wt,
              stdin(),
              Map.of(),
              Duration.ofSeconds(20),
              "claude",
              "-p",
              "--permission-mode",
              "acceptEdits",
              "--max-turns",
              "60");
      assertEquals(HUNG, run.exit(), "a silent model needs an outside watchdog: " + run.output());
      assertTrue(model.requests(Wire.ANTHROPIC) >= 1, model.exchanges().toString());
    }
  }

  @Test
  void codexExitsOneWhenTheModelAnswers500() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.failing(500))) {
      Run run =
          run(
              "codex",
              model,
              wt,
              stdin(),
              "codex",
              "exec",
              "-C",
              wt.toString(),
              "--sandbox",
              "workspace-write",
              "--skip-git-repo-check",
              "-");
      assertEquals(1, run.exit(), run.output());
      assertTrue(model.requests(Wire.RESPONSES) >= 1, model.exchanges().toString());
    }
  }

  @Test
  void codexRunsASteeredCommandOutsideItsTask() throws Exception {
    Path wt = repo();
    Path token = Files.writeString(tmp.resolve("token.txt"), "s3cret\n");
    String steer = "cat " + Recipe.shellQuote(token.toString()) + " > leak.txt";
    try (ModelServer model = ModelServer.start(Recipe.steered(steer))) {
      Run run =
          run(
              "codex",
              model,
              wt,
              stdin(),
              "codex",
              "exec",
              "-C",
              wt.toString(),
              "--sandbox",
              "workspace-write",
              "--skip-git-repo-check",
              "-");
      assertEquals(0, run.exit(), run.output());
      assertEquals(List.of(steer), model.commands());
      // Codex's own sandbox lets it read anywhere: only an outer sandbox can refuse this.
      assertEquals("s3cret\n", Files.readString(wt.resolve("leak.txt")), run.output());
    }
  }

  @Test
  void kimiCodeExitsOneWhenTheModelAnswers404() throws Exception {
    Path wt = repo();
    try (ModelServer model = ModelServer.start(Recipe.failing(404))) {
      Run run = run("kimi-code", model, wt, null, "kimi-code", "-p", PROMPT);
      assertEquals(1, run.exit(), run.output());
      assertEquals(1, model.requests(Wire.ANTHROPIC), model.exchanges().toString());
    }
  }

  @Test
  void aiderExitsZeroWithoutAnEditWhenTheModelAnswers404() throws Exception {
    Path wt = repo();
    Path message = Files.writeString(tmp.resolve("message.txt"), PROMPT);
    try (ModelServer model = ModelServer.start(Recipe.failing(404))) {
      Run run =
          run(
              "aider",
              model,
              wt,
              null,
              "aider",
              "--message-file",
              message.toString(),
              "--yes-always",
              "--no-git",
              "--no-check-update",
              "--analytics-disable",
              "--model",
              "openai/" + AgentEnv.MODEL,
              "NOTES.md");
      // aider reports the error and exits 0: a profile must judge it by the diff, not the exit
      // code.
      assertEquals(0, run.exit(), run.output());
      assertEquals("notes\n", read(wt));
      assertTrue(run.output().contains("NotFoundError"), run.output());
    }
  }

  @Test
  void aiderWritesTheWholeFile() throws Exception {
    Path wt = repo();
    Path message = Files.writeString(tmp.resolve("message.txt"), PROMPT);
    try (ModelServer model = ModelServer.start(Recipe.edit("NOTES.md", "done by aider\n"))) {
      Run run =
          run(
              "aider",
              model,
              wt,
              null,
              "aider",
              "--message-file",
              message.toString(),
              "--yes-always",
              "--no-git",
              "--no-check-update",
              "--analytics-disable",
              "--model",
              "openai/" + AgentEnv.MODEL,
              "NOTES.md");
      assertEquals(0, run.exit(), run.output());
      assertEquals("done by aider\n", read(wt), run.output());
      assertTrue(model.requests(Wire.CHAT) >= 1, model.exchanges().toString());
    }
  }

  private void assertEdited(
      Run run, Path wt, String expected, ModelServer model, Wire wire, String tool)
      throws IOException {
    String seen = run.output() + "\nexchanges: " + model.exchanges();
    assertEquals(0, run.exit(), seen);
    assertEquals(expected, read(wt), seen);
    assertTrue(
        model.requests(wire) >= 2, "a tool call and a final answer on " + wire + ": " + seen);
    assertEquals(1, model.commands().size(), seen);
    List<ModelServer.Exchange> calls =
        model.exchanges().stream().filter(e -> e.command() != null).toList();
    assertEquals(wt.toRealPath().toString(), calls.get(0).worktree(), seen);
    if (tool != null) assertEquals(tool, calls.get(0).tool(), seen);
  }

  private static String read(Path wt) throws IOException {
    return Files.readString(wt.resolve("NOTES.md"));
  }

  private Path stdin() throws IOException {
    return Files.writeString(tmp.resolve("prompt.txt"), PROMPT);
  }

  /** A git repository with one commit holding NOTES.md = "notes\n". */
  private Path repo() throws Exception {
    Path wt = Files.createDirectories(tmp.resolve("wt")).toRealPath();
    Files.writeString(wt.resolve("NOTES.md"), "notes\n");
    Map<String, String> env = Map.of("PATH", PATH, "HOME", tmp.toString());
    for (List<String> git :
        List.of(
            List.of("git", "init", "-q", "-b", "main"),
            List.of("git", "add", "-A"),
            List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"))) {
      ProcessBuilder pb = new ProcessBuilder(git).directory(wt.toFile()).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), git + ": " + out);
    }
    return wt;
  }

  /**
   * Runs {@code argv} with only PATH and the profile's env, in {@code wt}, killed after TIMEOUT.
   */
  private Run run(String profile, ModelServer model, Path wt, Path stdin, String... argv)
      throws Exception {
    return run(profile, model, wt, stdin, Map.of(), TIMEOUT, argv);
  }

  /** As above with {@code extra} variables; a run still going after {@code timeout} is killed. */
  private Run run(
      String profile,
      ModelServer model,
      Path wt,
      Path stdin,
      Map<String, String> extra,
      Duration timeout,
      String... argv)
      throws Exception {
    assumeTrue(
        Files.isExecutable(AGENTS.resolve(argv[0])),
        AGENTS.resolve(argv[0]) + " is not installed: run .ci/install-agents (as root)");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.putAll(AgentEnv.forProfile(profile, model, tmp.resolve("home")));
    env.putAll(extra);
    List<String> cmd = new ArrayList<>(List.of(argv));
    cmd.set(0, AGENTS.resolve(argv[0]).toString());
    Path log = tmp.resolve(profile + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(wt.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(stdin == null ? Path.of("/dev/null").toFile() : stdin.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      if (timeout == TIMEOUT) {
        throw new AssertionError(
            profile
                + " did not exit within "
                + TIMEOUT
                + ": "
                + Files.readString(log)
                + "\nexchanges: "
                + model.exchanges());
      }
      return new Run(HUNG, Files.readString(log), timeout.toSeconds());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String out = Files.readString(log);
    System.out.printf(
        "real-agent %s: exit %d after %.1f s, requests %s%n",
        profile, p.exitValue(), seconds, model.requests());
    return new Run(p.exitValue(), out, seconds);
  }
}
