package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.timmyloop.worker.world.TemporalCli;
import dev.timmyloop.workflows.merge.MergeQueue;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal Web UI in a real browser: {@code ./timmy demo --keep-running} on the dev server, an
 * activity made to fail on purpose (the merge queue is sent a PR that does not exist, so {@code
 * Gitea.GetPull} fails with a 404, not retried), then {@code ui-check/check-ui.js} drives Debian's
 * chromium through playwright-core and checks the pages. Screenshots: {@code
 * starter/target/ui-screenshots/}. Skipped only when the CLI, node or chromium is missing.
 */
@Tag("real-server")
class WebUiBrowserTest {
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("TIMMY_CHROMIUM", "/usr/bin/chromium"));
  private static final String FAILURE = "Gitea 404 on getPull: pull request not found";

  @Test
  void theUiShowsTheCycleItsPhasesSummariesAndAFailure(@TempDir Path dir) throws Exception {
    Optional<TemporalCli> cli = TemporalCli.find(System.getenv());
    assumeTrue(cli.isPresent(), "no Temporal CLI");
    Optional<Path> node = onPath("node");
    assumeTrue(node.isPresent(), "no node on PATH");
    assumeTrue(
        Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + " (apt-get install chromium)");
    Path uiCheck = repoRoot().resolve("ui-check");
    npmCiIfMissing(uiCheck, dir);

    Map<String, String> env = TimmyChild.env(dir);
    // The demo's files (server database, forge, worktrees) in the test's folder, not /tmp.
    env.put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + dir);
    try (TimmyChild demo = TimmyChild.start(dir, "demo", env, "demo", "--keep-running")) {
      String ui = demo.awaitOut("ui: http", Duration.ofMinutes(10));
      String address = after(demo.awaitOut("TIMMY_TEMPORAL_ADDRESS=", Duration.ofSeconds(30)), "=");
      String owner = after(demo.awaitOut("TIMMY_GITEA_OWNER=", Duration.ofSeconds(30)), "=");
      String repo = after(demo.awaitOut("TIMMY_GITEA_REPO=", Duration.ofSeconds(30)), "=");
      assertTrue(demo.output().contains("demo: OK"), demo.output());
      String base = after(ui, "ui: ").replaceFirst("(https?://[^/]+).*", "$1");
      String queue = MergeQueue.workflowId(owner + "/" + repo);

      // An activity that fails: the queue asked to land PR #999, which the forge does not have.
      String signal =
          run(
              dir,
              "signal",
              Duration.ofSeconds(60),
              cli.get().path.toString(),
              "workflow",
              "signal",
              "--address",
              address,
              "--namespace",
              "default",
              "--workflow-id",
              queue,
              "--name",
              "enqueue",
              "--input",
              "{\"requesterWorkflowId\":\"\",\"pull\":999,\"expectedHeadSha\":\"\","
                  + "\"title\":\"no such PR\",\"message\":\"\",\"ciTimeoutSeconds\":60}");
      assertTrue(signal.startsWith("0\n"), signal);

      Path shots = Path.of("target", "ui-screenshots").toAbsolutePath();
      String check =
          run(
              dir,
              "check-ui",
              Duration.ofMinutes(5),
              node.get().toString(),
              uiCheck.resolve("check-ui.js").toString(),
              "--ui",
              base,
              "--cycle",
              "1",
              "--issue",
              "1",
              "--merge-queue",
              queue,
              "--failure",
              FAILURE,
              "--out",
              shots.toString());
      System.out.println(check);
      assertEquals("0", check.lines().findFirst().orElse(""), check);
      assertTrue(check.contains("check-ui: ok"), check);
      for (String png :
          List.of(
              "1-list-timmy-cycle.png",
              "2-cycle-timeline.png",
              "3-cycle-metadata.png",
              "4-issue-history.png",
              "5-merge-queue-history.png")) {
        assertTrue(Files.size(shots.resolve(png)) > 10_000, png);
      }
      demo.stop();
    }
  }

  /** surefire runs in {@code starter/}; the repository root holds {@code ui-check/}. */
  private static Path repoRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("ui-check"))) return p;
    }
    throw new AssertionError("no ui-check/ above " + here);
  }

  /** {@code .ci/run} runs {@code npm ci} there; a checkout without it gets it here. */
  private static void npmCiIfMissing(Path uiCheck, Path dir) throws Exception {
    if (Files.isDirectory(uiCheck.resolve("node_modules/playwright-core"))) return;
    Optional<Path> npm = onPath("npm");
    assertTrue(
        npm.isPresent(), "ui-check/node_modules is missing and there is no npm to install it");
    String out =
        run(
            dir,
            "npm-ci",
            Duration.ofMinutes(5),
            npm.get().toString(),
            "ci",
            "--prefix",
            uiCheck.toString(),
            "--no-audit",
            "--no-fund");
    assertTrue(out.startsWith("0\n"), "npm ci in ui-check failed:\n" + out);
  }

  /** Runs a program; returns its exit code on the first line, then stdout and stderr together. */
  private static String run(Path dir, String name, Duration max, String... argv) throws Exception {
    Path out = dir.resolve(name + ".log");
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(argv)))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(name + " did not end in " + max + ":\n" + Files.readString(out));
    }
    return p.exitValue() + "\n" + Files.readString(out, StandardCharsets.UTF_8);
  }

  private static Optional<Path> onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, name)))
        return Optional.of(Path.of(d, name));
    }
    return Optional.empty();
  }

  private static String after(String line, String marker) {
    String v = line.substring(line.indexOf(marker) + marker.length()).trim();
    return v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
  }
}
