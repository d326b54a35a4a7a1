package dev.timmyloop.activities.git;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.git.GitActivities.BuildCandidate;
import dev.timmyloop.activities.git.GitActivities.Candidate;
import dev.timmyloop.activities.git.GitActivities.CandidateStatus;
import dev.timmyloop.activities.git.GitActivities.PushCandidate;
import dev.timmyloop.activities.git.GitActivities.PushOutcome;
import dev.timmyloop.activities.process.ProcessResult;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speculative merge candidates in the main clone, without a worktree: nothing is checked out, so
 * building one never disturbs the clone or a job's worktree. Text from outside (the message) goes
 * to git as one argument, never through a shell.
 */
final class GitCandidates {
  private static final Logger log = LoggerFactory.getLogger(GitCandidates.class);
  private static final Duration NETWORK = Duration.ofMinutes(10);

  private final TimmyConfig config;
  private final GitRunner git;
  private final GitWorktrees worktrees;

  GitCandidates(TimmyConfig config, GitRunner git, GitWorktrees worktrees) {
    this.config = config;
    this.git = git;
    this.worktrees = worktrees;
  }

  Candidate build(BuildCandidate request) {
    if (request.message() == null || request.message().isBlank()) {
      throw GitRunner.invalid("empty candidate message");
    }
    Path repo = config.repoPath();
    String base = commit(request.base(), false);
    String head = commit(request.head(), true);
    ProcessResult merged =
        git.run(repo, "merge-tree", "--write-tree", "--name-only", "--no-messages", base, head);
    List<String> lines = merged.out().strip().lines().toList();
    if (merged.exitCode() == 1 && !lines.isEmpty()) {
      List<String> files = lines.subList(1, lines.size()).stream().distinct().toList();
      log.info("candidate of {} on {} conflicts in {}", head, base, files);
      return new Candidate(CandidateStatus.CONFLICT, "", files);
    }
    if (!merged.ok() || lines.isEmpty()) throw GitRunner.failure(merged, "merge-tree");
    String tree = lines.get(0);
    // The squash keeps the head's author; the committer is this clone's identity.
    String[] author = git.ok(repo, "log", "-1", "--format=%an%x00%ae%x00%aI", head).split("\0");
    Map<String, String> env =
        author.length == 3
            ? Map.of(
                "GIT_AUTHOR_NAME",
                author[0],
                "GIT_AUTHOR_EMAIL",
                author[1],
                "GIT_AUTHOR_DATE",
                author[2])
            : Map.of();
    ProcessResult c =
        git.run(
            repo,
            env,
            Duration.ofMinutes(2),
            "commit-tree",
            tree,
            "-p",
            base,
            "-m",
            request.message());
    String sha = GitRunner.check(c, "commit-tree").out().strip();
    log.info("candidate {} = {} squashed onto {}", sha, head, base);
    return new Candidate(CandidateStatus.BUILT, sha, List.of());
  }

  PushOutcome push(PushCandidate request) {
    String branch =
        request.branch() == null ? "" : request.branch().replaceFirst("^refs/heads/", "");
    if (branch.isBlank() || worktrees.isProtected(branch)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refusing to push a candidate to protected branch " + branch,
          FailureTypes.PROTECTED_BRANCH);
    }
    Path repo = config.repoPath();
    if (!git.run(repo, "check-ref-format", "--branch", branch).ok() || branch.startsWith("-")) {
      throw GitRunner.invalid("not a valid branch name: '" + branch + "'");
    }
    String sha = commit(request.sha(), false);
    String expected = commit(request.expected(), false);
    String ref = "refs/heads/" + branch;
    ProcessResult r =
        git.run(
            repo,
            Map.of(),
            NETWORK,
            "push",
            "--force-with-lease=" + ref + ":" + expected,
            config.remote(),
            sha + ":" + ref);
    if (r.ok()) {
      log.info("pushed candidate {} to {} (was {})", sha, branch, expected);
      return new PushOutcome(branch, sha);
    }
    if (r.timedOut()) throw GitRunner.failure(r, "push");
    // An earlier attempt may have pushed before its answer was lost: then the lease fails here.
    if (sha.equals(remoteHead(repo, ref))) return new PushOutcome(branch, sha);
    if (GitActivitiesImpl.refused(r.combined())) {
      log.info("the push of candidate {} to {} was refused", sha, branch);
      return new PushOutcome(branch, sha, GitRunner.redact(Text.tail(r.combined().strip(), 3000)));
    }
    throw GitRunner.failure(r, "push");
  }

  private String remoteHead(Path repo, String ref) {
    ProcessResult r = git.run(repo, Map.of(), NETWORK, "ls-remote", config.remote(), ref);
    if (!r.ok()) return "";
    return Arrays.stream(r.out().strip().split("\\s+")).findFirst().orElse("");
  }

  /**
   * The commit {@code rev} names; {@code fetchIfMissing}: a PR head pushed from elsewhere may not
   * be in the clone yet.
   */
  private String commit(String rev, boolean fetchIfMissing) {
    if (rev == null
        || rev.isBlank()
        || rev.startsWith("-")
        || rev.chars().anyMatch(Character::isWhitespace)) {
      throw GitRunner.invalid("not a usable commit: '" + rev + "'");
    }
    Path repo = config.repoPath();
    ProcessResult r = git.run(repo, "rev-parse", "--verify", "--quiet", rev + "^{commit}");
    if (!r.ok() && fetchIfMissing) {
      GitRunner.check(
          git.run(repo, Map.of(), NETWORK, "fetch", "--prune", config.remote()), "fetch");
      r = git.run(repo, "rev-parse", "--verify", "--quiet", rev + "^{commit}");
    }
    if (!r.ok()) throw GitRunner.invalid("no such commit in the clone: '" + rev + "'");
    return r.out().strip();
  }
}
