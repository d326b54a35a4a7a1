package dev.timmyloop.activities.agent;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.git.GitRunner;
import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.activities.process.ProcessResult;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 3's own checkout: a detached worktree of the freshly fetched {@code <remote>/<base>}, so
 * the analysis reads what is on main now, not whatever the clone has checked out. Removed after the
 * run.
 */
final class AnalysisWorktree implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AnalysisWorktree.class);
  private static final int MAX_SOUL_CHARS = 8000;

  private final GitRunner runner = new GitRunner(Heartbeat.NONE);
  private final Path repo;
  private final Path path;

  private AnalysisWorktree(Path repo, Path path) {
    this.repo = repo;
    this.path = path;
  }

  /** Fetches, then checks out {@code <remote>/<base>} detached under the worktree root. */
  static AnalysisWorktree create(TimmyConfig config, String jobId, String base) {
    String name = ("analysis-" + jobId).replaceAll("[^A-Za-z0-9._-]", "-");
    AnalysisWorktree wt =
        new AnalysisWorktree(config.repoPath(), config.worktreeRoot().resolve(name));
    wt.remove(); // left by an attempt whose worker died
    wt.git(Duration.ofMinutes(5), "fetch", "--prune", config.remote());
    wt.git(
        Duration.ofMinutes(2),
        "worktree",
        "add",
        "--detach",
        "--force",
        wt.path.toString(),
        config.remote() + "/" + base);
    return wt;
  }

  Path path() {
    return path;
  }

  /** The project's {@code SOUL.md} on main, cut to a few KB; empty when it has none. */
  String soul() {
    Path soul = path.resolve("SOUL.md");
    try {
      return Files.isRegularFile(soul) ? Text.head(Files.readString(soul), MAX_SOUL_CHARS) : "";
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      log.warn("cannot read {}: {}", soul, e.getMessage());
      return "";
    }
  }

  /** Files the run changed, added or deleted (the analysis must change none). */
  List<String> changes() {
    String out =
        git(
            Duration.ofMinutes(1),
            "-C",
            path.toString(),
            "status",
            "--porcelain",
            "--untracked-files=all");
    List<String> files = new ArrayList<>();
    out.lines().filter(l -> l.length() > 3).limit(50).forEach(l -> files.add(l.substring(3)));
    return files;
  }

  @Override
  public void close() {
    remove();
  }

  private void remove() {
    ProcessResult r = run(Duration.ofMinutes(1), "worktree", "remove", "--force", path.toString());
    if (!r.ok() && Files.exists(path))
      log.warn("cannot remove {}: {}", path, Text.tail(r.combined(), 300));
    run(Duration.ofMinutes(1), "worktree", "prune");
  }

  private String git(Duration timeout, String... args) {
    ProcessResult r = run(timeout, args);
    if (!r.ok()) {
      throw ApplicationFailure.newFailure(
          "git %s for the analysis failed: %s"
              .formatted(args[0], GitRunner.redact(Text.tail(r.combined().strip(), 500))),
          FailureTypes.GIT_RETRYABLE);
    }
    return r.out();
  }

  private ProcessResult run(Duration timeout, String... args) {
    return runner.run(repo, Map.of(), timeout, args);
  }
}
