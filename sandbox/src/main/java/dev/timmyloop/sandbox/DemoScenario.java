package dev.timmyloop.sandbox;

import static dev.timmyloop.sandbox.DemoContent.FAILING;
import static dev.timmyloop.sandbox.DemoContent.STALE;

import dev.timmyloop.sandbox.DemoContent.SeedPr;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo world of {@code ./timmy demo} and the end-to-end tests: a forge serving {@code
 * timmy/demo}, a tiny Python project with three open issues, one green PR that is behind main, one
 * PR whose CI fails, a working clone with hooks, a token file, and the fake agent with a fix recipe
 * for each job.
 *
 * @param repoPath the working clone ({@code <root>/work/demo}), origin = the bare repository
 * @param agentCommand for {@code agentCommand}: {@code <fake-kimi> ... --print -p {prompt} -w
 *     {worktree}}
 * @param issues the open issues' numbers, in order
 */
public record DemoScenario(
    Path root,
    SandboxForge forge,
    String baseUrl,
    String owner,
    String repo,
    Path tokenFile,
    Path repoPath,
    String agentCommand,
    Path fixesDir,
    Path agentLog,
    List<Long> issues,
    long stalePr,
    long failingPr)
    implements AutoCloseable {

  public static final String OWNER = "timmy";
  public static final String REPO = "demo";

  /**
   * Builds the world under {@code root}; the fake agent sleeps {@code agentDelay} before working.
   */
  public static DemoScenario create(Path root, Duration agentDelay)
      throws IOException, InterruptedException {
    root = root.toAbsolutePath().normalize();
    for (String d : List.of("bin", "work", "worktrees", "state", "workspace", "fixes")) {
      Files.createDirectories(root.resolve(d));
    }
    byte[] secret = new byte[20];
    new SecureRandom().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    Path tokenFile = root.resolve("gitea_token");
    Files.deleteIfExists(tokenFile);
    Files.createFile(
        tokenFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tokenFile, token + "\n");

    SandboxForge forge = SandboxForge.start(root.resolve("forge"), 0, token);
    try {
      Path bare = forge.createRepo(OWNER, REPO);
      seedHistory(bare, root.resolve("forge-state").resolve("seed"));
      Path fixes = root.resolve("fixes");
      long bug = forge.createLabel(OWNER, REPO, "bug", "ee0701");
      long feature = forge.createLabel(OWNER, REPO, "feature", "0e8a16");
      List<Long> issues = new ArrayList<>();
      for (DemoContent.IssueSeed seed : DemoContent.issues()) {
        long n = forge.createIssue(OWNER, REPO, seed.title(), seed.body());
        forge.addLabels(OWNER, REPO, n, seed.label().equals("bug") ? bug : feature);
        writeTree(fixes.resolve("issue-" + n), seed.recipe());
        issues.add(n);
      }
      long stale = openPull(forge, STALE);
      long failing = openPull(forge, FAILING);
      writeTree(fixes.resolve("pr-" + failing), DemoContent.failingFix());

      Path clone = root.resolve("work").resolve(REPO);
      git(root, "clone", "-q", bare.toString(), clone.toString());
      git(clone, "config", "user.name", "Timmy");
      git(clone, "config", "user.email", "timmy@sandbox.invalid");
      git(clone, "config", "core.hooksPath", ".githooks");

      Path agent = root.resolve("bin").resolve("fake-kimi");
      try (InputStream in = DemoScenario.class.getResourceAsStream("fake-kimi")) {
        if (in == null) throw new IllegalStateException("fake-kimi resource missing");
        Files.copy(in, agent, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path agentLog = root.resolve("state").resolve("fake-kimi.jsonl");
      String command =
          String.format(
              Locale.ROOT,
              "%s --fixes %s --delay %.3f --log %s --print -p {prompt} -w {worktree}",
              agent,
              fixes,
              agentDelay.toMillis() / 1000.0,
              agentLog);

      if (!forge.awaitCiIdle(Duration.ofMinutes(5))) {
        throw new IllegalStateException("CI on the seeded branches did not finish");
      }
      return new DemoScenario(
          root,
          forge,
          forge.baseUrl(),
          OWNER,
          REPO,
          tokenFile,
          clone,
          command,
          fixes,
          agentLog,
          List.copyOf(issues),
          stale,
          failing);
    } catch (IOException | InterruptedException | RuntimeException e) {
      forge.close();
      throw e;
    }
  }

  /** The {@code TIMMY_<KEY>} settings a worker needs to run the loop on this world. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TIMMY_GITEA_URL", baseUrl);
    env.put("TIMMY_GITEA_OWNER", owner);
    env.put("TIMMY_GITEA_REPO", repo);
    env.put("TIMMY_GITEA_TOKEN_FILE", tokenFile.toString());
    env.put("TIMMY_REPO_PATH", repoPath.toString());
    env.put("TIMMY_AGENT_COMMAND", agentCommand);
    // The stand-in agent keeps its log beside the forge, outside the worktree, where the sandbox
    // would refuse the write; real agents run sandboxed (see DemoAgent).
    env.put("TIMMY_AGENT_SANDBOX", "none");
    env.put("TIMMY_WORKTREE_ROOT", root.resolve("worktrees").toString());
    env.put("TIMMY_STATE_DIR", root.resolve("state").toString());
    env.put(
        "TIMMY_CORRESPONDENCE_FILE",
        root.resolve("workspace").resolve("correspondence.md").toString());
    env.put("TIMMY_TEST_COMMAND", String.join(" ", CiRunner.defaultTestCommand()));
    env.put("TIMMY_TMUX_SOCKET", "timmy-demo-" + ProcessHandle.current().pid());
    env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
    env.put("TIMMY_TMUX_SESSION", "Kimi");
    return env;
  }

  /**
   * {@link #env} and the loop settings of the demo and the tests on this world: three panes, three
   * jobs a cycle, five minutes for CI and for an agent, ten for a cycle, no metrics port.
   */
  public Map<String, String> settings() {
    Map<String, String> env = env();
    env.put("TIMMY_PANES", "3");
    env.put("TIMMY_MAX_DISPATCH", "3");
    env.put("TIMMY_CI_TIMEOUT", "5m");
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_CYCLE_BUDGET", "10m");
    env.put("TIMMY_METRICS_PORT", "0");
    return env;
  }

  @Override
  public void close() {
    forge.close();
  }

  /**
   * main: the project, then (after the stale PR's branch forks) two more commits; the failing PR's
   * branch forks from the newest main. One push of all three, so CI runs on each head. Commits go
   * through the project's own pre-commit hook.
   */
  private static void seedHistory(Path bare, Path scratch) throws IOException {
    GitOps.deleteTree(scratch);
    Files.createDirectories(scratch.getParent());
    git(scratch.getParent(), "clone", "-q", bare.toString(), scratch.toString());
    git(scratch, "config", "user.name", "Alexander");
    git(scratch, "config", "user.email", "alexander@sandbox.invalid");
    git(scratch, "config", "core.hooksPath", ".githooks");
    git(scratch, "checkout", "-q", "-b", "main");
    writeTree(scratch, DemoContent.initialFiles());
    Files.setPosixFilePermissions(
        scratch.resolve(".githooks/pre-commit"), PosixFilePermissions.fromString("rwxr-xr-x"));
    commitAll(scratch, "Start the calc project");

    commitBranch(scratch, STALE);

    git(scratch, "checkout", "-q", "main");
    writeTree(scratch, DemoContent.laterMainFiles1());
    commitAll(scratch, "Add calc.basic.negate");
    writeTree(scratch, Map.of("README.md", DemoContent.README_2));
    commitAll(scratch, "Document how to run the tests");

    commitBranch(scratch, FAILING);

    git(scratch, "push", "-q", "origin", "main", STALE.branch(), FAILING.branch());
    GitOps.deleteTree(scratch);
  }

  private static void commitBranch(Path scratch, SeedPr pr) throws IOException {
    git(scratch, "checkout", "-q", "-b", pr.branch());
    writeTree(scratch, pr.files());
    commitAll(scratch, pr.title());
  }

  private static long openPull(SandboxForge forge, SeedPr pr) {
    return forge.createPull(OWNER, REPO, pr.title(), pr.body(), pr.branch(), "main");
  }

  private static void commitAll(Path dir, String message) {
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", message);
  }

  private static void writeTree(Path dir, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
  }

  private static void git(Path dir, String... args) {
    GitOps.Result r = GitOps.run(dir, List.of(args), false);
    if (!r.ok()) {
      throw new UncheckedIOException(
          new IOException("git " + String.join(" ", args) + " failed: " + r.err()));
    }
  }
}
