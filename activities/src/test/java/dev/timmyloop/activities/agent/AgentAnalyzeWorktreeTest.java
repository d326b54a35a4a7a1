package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.agent.AgentActivities.AnalysisRequest;
import dev.timmyloop.activities.tmux.TmuxTestServer;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase 3 in a fresh worktree of {@code origin/main}: SOUL.md in the prompt, and no worktree left.
 */
class AgentAnalyzeWorktreeTest {
  @TempDir Path root;

  @Test
  void aFailedAnalysisStillRemovesItsWorktreeAndHadTheSoulInItsPrompt() throws Exception {
    TmuxTestServer paths = new TmuxTestServer(root);
    paths.close();
    Files.writeString(root.resolve("canned.txt"), "error: model unavailable\n");
    Path got = root.resolve("got.txt");
    String command =
        paths.standIn()
            + " --cat "
            + root.resolve("canned.txt")
            + " --print -p {prompt} -w {worktree} --out "
            + got
            + " --exit 2";
    Path worktrees = Files.createDirectories(root.resolve("worktrees"));
    TimmyConfig config =
        paths.config("A", command, Map.of("TIMMY_WORKTREE_ROOT", worktrees.toString()));
    Path seed = Files.createDirectories(root.resolve("seed"));
    git(seed, "init", "-q", "-b", "main");
    Files.writeString(seed.resolve("SOUL.md"), "# SOUL\n\nSmall steps, green main.\n");
    git(seed, "add", "SOUL.md");
    git(seed, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-q", "-m", "soul");
    git(root, "clone", "-q", "--bare", seed.toString(), root.resolve("origin.git").toString());
    git(root, "clone", "-q", root.resolve("origin.git").toString(), config.repoPath().toString());

    ApplicationFailure e =
        assertThrows(
            ApplicationFailure.class,
            () ->
                new AgentActivitiesImpl(config)
                    .analyze(new AnalysisRequest("analysis-7", "p", 30, "main")));

    assertEquals("AgentFailed", e.getType());
    assertTrue(
        Files.readString(got).contains("Small steps, green main."),
        "SOUL.md of origin/main in the prompt");
    try (Stream<Path> left = Files.list(worktrees)) {
      assertEquals(List.of(), left.toList(), "worktree removed after the failure");
    }
    assertEquals(1, git(config.repoPath(), "worktree", "list").lines().count());
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException(argv + ": " + out);
    return out;
  }
}
