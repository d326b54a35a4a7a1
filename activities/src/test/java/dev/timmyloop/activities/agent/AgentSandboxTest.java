package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.agent.AgentActivities.AwaitRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import dev.timmyloop.activities.tmux.TmuxTestServer;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real job in bubblewrap (as root here: the case where bwrap keeps every capability unless told).
 * The folder is outside {@code /tmp}, which the sandbox replaces with an empty one.
 */
class AgentSandboxTest {
  static Path root;
  static TmuxTestServer server;
  static Path repo;
  static Path wt1;
  static Path wt2;
  static Path token;

  @BeforeAll
  static void start() throws Exception {
    root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sandbox-").toRealPath();
    server = new TmuxTestServer(root);
    repo = Files.createDirectories(root.resolve("repo"));
    git(repo, "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("README"), "hello\n");
    git(repo, "add", "README");
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first");
    wt1 = root.resolve("worktrees").resolve("wt1");
    wt2 = root.resolve("worktrees").resolve("wt2");
    git(repo, "worktree", "add", "-q", "-b", "wt1", wt1.toString());
    git(repo, "worktree", "add", "-q", "-b", "wt2", wt2.toString());
    token = Files.createDirectories(root.resolve("home").resolve(".hermes")).resolve("gitea_token");
    Files.writeString(token, "gitea-secret");
    Path home = root.resolve("home");
    Files.writeString(token.resolveSibling("other-secret"), "hermes-secret");
    Files.writeString(Files.createDirectories(home.resolve(".ssh")).resolve("id_rsa"), "ssh-key");
    Files.writeString(home.resolve(".git-credentials"), "https://u:p@host");
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  static void git(Path dir, String... args) throws Exception {
    String[] argv = new String[args.length + 1];
    argv[0] = "git";
    System.arraycopy(args, 0, argv, 1, args.length);
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).inheritIO().start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", argv));
  }

  private AgentActivitiesImpl kimi(String command, String path) {
    TimmyConfig config =
        server.config(
            "S",
            command,
            Map.of(
                "TIMMY_AGENT",
                "claude",
                "TIMMY_AGENT_SANDBOX",
                "bwrap",
                "TIMMY_GITEA_TOKEN_FILE",
                token.toString(),
                "TIMMY_WORKTREE_ROOT",
                root.resolve("worktrees").toString()));
    Map<String, String> worker =
        Map.of("HOME", root.resolve("home").toString(), "PATH", path, "ANTHROPIC_API_KEY", "k");
    return new AgentActivitiesImpl(config, server.tmux, worker);
  }

  @Test
  void theAgentSeesOnlyItsWorktreeAndNoToken() throws Exception {
    assumeTrue(AgentSandbox.probe(System.getenv()).isPresent(), "bwrap does not work here");
    Path outside = root.resolve("outside.txt");
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(60_000);
      CompletableFuture<String> heard =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket s = listener.accept()) {
                  return new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                      .readLine();
                } catch (Exception e) {
                  return "nothing: " + e;
                }
              });
      String command =
          String.join(
              " ",
              server.standIn("jail").toString(),
              token.toString(),
              wt2.toString(),
              outside.toString(),
              Integer.toString(listener.getLocalPort()));
      AgentActivitiesImpl kimi = kimi(command, "/usr/local/bin:/usr/bin:/bin");
      kimi.dispatch(new JobRequest("jail-1", "S:0.0", wt1.toString(), "p", "claude"));
      JobResult r = kimi.awaitJob(new AwaitRequest("jail-1", "S:0.0", 60));
      assertEquals(JobOutcome.COMPLETED, r.outcome(), r.outputTail());
      assertTrue(r.outputTail().contains("jail done"), r.outputTail());
      assertEquals("hello from the sandbox", heard.get(60, TimeUnit.SECONDS));
    }
    Path probe = wt1.resolve("probe");
    assertEquals("0000000000000000", read(probe, "capeff"));
    assertEquals("", read(probe, "token"));
    assertEquals("", read(probe, "token-sibling"), "the token's folder is hidden whole");
    assertEquals("", read(probe, "ssh"));
    assertEquals("", read(probe, "git-credentials"));
    assertEquals("refused", read(probe, "etc"));
    assertEquals("refused", read(probe, "outside"));
    assertFalse(Files.exists(outside));
    assertEquals("ok", read(probe, "home-claude"));
    assertEquals("refused", read(probe, "home"));
    assertEquals("", read(probe, "other"), "wt2 is hidden");
    assertEquals("agent", read(probe, "job"), "only the job's agent folder shows");
    assertEquals("0", read(probe, "git-rc"), read(probe, "git-status"));
    assertTrue(read(probe, "git-status").contains("probe/"), read(probe, "git-status"));
    assertEquals("refused", read(probe, "remount"));
    assertEquals("gitea-secret", Files.readString(token), "the token file itself is untouched");
    assertEquals("ssh-key", Files.readString(root.resolve("home/.ssh/id_rsa")));
  }

  @Test
  void credentialsAreHiddenUnlessAProfileKeepsItsStateThere() throws Exception {
    Path home = root.resolve("home");
    Files.createDirectories(home.resolve(".aws"));
    AgentSandbox.Layout l =
        new AgentSandbox.Layout(
            wt1,
            root.resolve("jobs/j1/agent"),
            null,
            home,
            java.util.List.of(".ssh", ".claude"),
            token,
            null,
            root.resolve("worktrees"));
    String argv = String.join(" ", AgentSandbox.command("bwrap", l));
    assertTrue(argv.contains("--tmpfs " + home.resolve(".aws")), argv);
    assertTrue(argv.contains("--ro-bind /dev/null " + home.resolve(".git-credentials")), argv);
    assertTrue(argv.contains("--tmpfs " + home.resolve(".hermes")), argv);
    assertFalse(argv.contains("--tmpfs " + home.resolve(".ssh")), "a homeDir stays: " + argv);
    assertFalse(argv.contains(".netrc"), "only what exists: " + argv);
    assertFalse(argv.contains("--tmpfs " + home + " "), "HOME itself stays: " + argv);

    // A token straight in HOME, or in a folder that holds the worktree: only the file is hidden.
    AgentSandbox.Layout inHome =
        new AgentSandbox.Layout(
            wt1,
            root.resolve("jobs/j1/agent"),
            null,
            home,
            java.util.List.of(),
            Files.writeString(home.resolve("tok"), "t"),
            null,
            root.resolve("worktrees"));
    argv = String.join(" ", AgentSandbox.command("bwrap", inHome));
    assertTrue(argv.contains("--ro-bind /dev/null " + home.resolve("tok")), argv);
    AgentSandbox.Layout nearWorktree =
        new AgentSandbox.Layout(
            wt1,
            root.resolve("jobs/j1/agent"),
            null,
            home,
            java.util.List.of(),
            Files.writeString(root.resolve("tok"), "t"),
            null,
            root.resolve("worktrees"));
    argv = String.join(" ", AgentSandbox.command("bwrap", nearWorktree));
    assertTrue(argv.contains("--ro-bind /dev/null " + root.resolve("tok")), argv);
    assertFalse(argv.contains("--tmpfs " + root + " "), argv);
  }

  @Test
  void requiredSandboxWithoutBwrapFailsTheJob() throws Exception {
    AgentActivitiesImpl kimi = kimi("/bin/true", root.resolve("empty-bin").toString());
    ApplicationFailure e =
        assertThrows(
            ApplicationFailure.class,
            () -> kimi.dispatch(new JobRequest("nobwrap-1", "S:0.1", wt1.toString(), "p")));
    assertEquals(FailureTypes.AGENT_SANDBOX_MISSING, e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("bubblewrap"), e.getOriginalMessage());
  }

  private static String read(Path dir, String name) throws Exception {
    return Files.readString(dir.resolve(name)).strip();
  }
}
