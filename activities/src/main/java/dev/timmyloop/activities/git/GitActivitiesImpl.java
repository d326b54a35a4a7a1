package dev.timmyloop.activities.git;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.activities.process.ProcessResult;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The git CLI in {@code repoPath} and its worktrees. Hooks always run. */
public class GitActivitiesImpl implements GitActivities {
  private static final Logger log = LoggerFactory.getLogger(GitActivitiesImpl.class);
  private static final Duration NETWORK = Duration.ofMinutes(10);

  private final TimmyConfig config;
  private final GitRunner git;
  private final GitWorktrees worktrees;
  private final GitChanges changes;
  private final GitCandidates candidates;

  public GitActivitiesImpl(TimmyConfig config) {
    this(config, Heartbeat.ACTIVITY);
  }

  /**
   * @param heartbeat called every few seconds during long commands (fetch, push, hooks)
   */
  public GitActivitiesImpl(TimmyConfig config, Heartbeat heartbeat) {
    this.config = config;
    this.git = new GitRunner(heartbeat);
    this.worktrees = new GitWorktrees(config, git);
    this.changes = new GitChanges(git);
    this.candidates = new GitCandidates(config, git, worktrees);
  }

  @Override
  public Worktree addWorktree(AddWorktree request) {
    return worktrees.add(branch(request.branch()), base(request.startPoint()));
  }

  @Override
  public Worktree checkoutWorktree(CheckoutWorktree request) {
    return worktrees.checkout(branch(request.branch()));
  }

  @Override
  public void removeWorktree(RemoveWorktree request) {
    worktrees.remove(dir(request.path()), request.deleteBranch());
  }

  @Override
  public void fetch() {
    GitRunner.check(
        git.run(config.repoPath(), Map.of(), NETWORK, "fetch", "--prune", config.remote()),
        "fetch");
  }

  @Override
  public RefState refState(RefQuery query) {
    String base = base(query.base());
    Path dir = config.repoPath();
    String rev = query.ref();
    if (rev != null && rev.startsWith("/") && Files.isDirectory(Path.of(rev))) {
      dir = Path.of(rev); // a worktree path stands for its HEAD
      rev = "HEAD";
    }
    String sha = git.ok(dir, "rev-parse", "--verify", ref(rev) + "^{commit}");
    String[] counts =
        git.ok(dir, "rev-list", "--left-right", "--count", base + "..." + sha).split("\\s+");
    return new RefState(query.ref(), sha, Integer.parseInt(counts[0]), Integer.parseInt(counts[1]));
  }

  @Override
  public Changes changes(ChangesQuery query) {
    return changes.read(worktree(query.worktreePath()), base(query.base()));
  }

  @Override
  public CommitOutcome commit(CommitRequest request) {
    Path dir = worktree(request.worktreePath());
    if (request.message() == null || request.message().isBlank()) {
      throw GitRunner.invalid("empty commit message");
    }
    git.ok(dir, "add", "-A");
    squashAgentCommits(dir, request.base(), request.message());
    if (!hasStaged(dir)) {
      return new CommitOutcome(CommitStatus.NOTHING_TO_COMMIT, headOrEmpty(dir), "");
    }
    refuseProtectedPaths(dir);
    Optional<String> leak = SecretScan.fileHoldingToken(dir, staged(dir), config.giteaTokenFile());
    if (leak.isPresent()) {
      // Like a hook's refusal: the change stays staged and the agent is told what to remove.
      log.warn("refused a commit in {}: {} holds the Gitea token", dir, leak.get());
      return new CommitOutcome(
          CommitStatus.HOOK_REJECTED,
          headOrEmpty(dir),
          "timmy-loop refused the commit: "
              + leak.get()
              + " holds the Gitea token. Remove it; credentials never go into the repository.");
    }
    // Hooks may run the test suite, so they get the tests' time limit and the heartbeat.
    Duration limit = config.testTimeout().plusMinutes(5);
    ProcessResult r = git.run(dir, Map.of(), limit, "commit", "-m", request.message());
    if (r.ok()) {
      String sha = worktrees.head(dir);
      log.info("committed {} in {}", sha, dir);
      return new CommitOutcome(CommitStatus.COMMITTED, sha, "");
    }
    if (r.timedOut() || r.combined().contains("index.lock")) throw GitRunner.failure(r, "commit");
    if (hasStaged(dir)) {
      // The staged changes stay staged: the agent fixes what the hook complained about and retries.
      log.info("a hook rejected the commit in {}", dir);
      return new CommitOutcome(
          CommitStatus.HOOK_REJECTED,
          headOrEmpty(dir),
          GitRunner.redact(Text.tail(r.combined().strip(), Text.TAIL_BYTES)));
    }
    throw GitRunner.failure(r, "commit");
  }

  /**
   * Agents told to commit do so; their commits since {@code base} go back to staged changes, so the
   * loop's one commit passes the hooks and a refusal leaves HEAD at the merge-base.
   */
  private void squashAgentCommits(Path dir, String base, String message) {
    if (base == null || base.isBlank()) return;
    String mergeBase = git.ok(dir, "merge-base", "HEAD", ref(base)).strip();
    if (mergeBase.equals(worktrees.head(dir))) return;
    // The loop's own commit of an earlier attempt (its push refused) alone is no new work.
    boolean onlyOurs =
        git.ok(dir, "rev-list", "--count", mergeBase + "..HEAD").equals("1")
            && git.ok(dir, "log", "-1", "--format=%B", "HEAD").equals(message.strip());
    if (onlyOurs) return;
    log.info("squashing the agent's commits since {} in {}", base, dir);
    git.ok(dir, "reset", "--soft", mergeBase);
  }

  @Override
  public PushOutcome push(PushRequest request) {
    String branch =
        request.branch() == null ? "" : request.branch().replaceFirst("^refs/heads/", "");
    if (worktrees.isProtected(branch)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refusing to push to protected branch " + branch, FailureTypes.PROTECTED_BRANCH);
    }
    branch(branch);
    Path dir = worktree(request.worktreePath());
    String sha = worktrees.head(dir);
    // With the lease, a repair that rebased may replace its own branch but never someone else's
    // push.
    ProcessResult r =
        git.run(
            dir,
            Map.of(),
            NETWORK,
            "push",
            "--force-with-lease",
            config.remote(),
            "HEAD:refs/heads/" + branch);
    if (!r.ok() && !r.timedOut() && refused(r.combined())) {
      log.info("the push of {} was refused", branch);
      return new PushOutcome(branch, sha, GitRunner.redact(Text.tail(r.combined().strip(), 3000)));
    }
    GitRunner.check(r, "push");
    log.info("pushed {} to {}/{}", sha, config.remote(), branch);
    return new PushOutcome(branch, sha);
  }

  /** A pre-push hook or the server said no: retrying the same push gets the same answer. */
  static boolean refused(String output) {
    return output.contains("[remote rejected]")
        || output.contains("hook declined")
        || output.contains("failed to push");
  }

  @Override
  public RebaseOutcome rebase(RebaseRequest request) {
    Path dir = worktree(request.worktreePath());
    String onto = base(request.onto());
    if (rebaseInProgress(dir)) git.ok(dir, "rebase", "--abort"); // left by a crashed attempt
    ProcessResult contains = git.run(dir, "merge-base", "--is-ancestor", onto, "HEAD");
    if (contains.exitCode() == 0) {
      return new RebaseOutcome(RebaseStatus.UP_TO_DATE, worktrees.head(dir), List.of());
    }
    if (contains.exitCode() != 1) throw GitRunner.failure(contains, "merge-base");
    ProcessResult r = git.run(dir, Map.of(), Duration.ofMinutes(5), "rebase", onto);
    if (r.ok()) return new RebaseOutcome(RebaseStatus.REBASED, worktrees.head(dir), List.of());
    List<String> conflicts = git.ok(dir, "diff", "--name-only", "--diff-filter=U").lines().toList();
    if (rebaseInProgress(dir)) git.ok(dir, "rebase", "--abort");
    if (!conflicts.isEmpty()) {
      log.info("rebase of {} onto {} conflicts in {}; aborted", dir, onto, conflicts);
      return new RebaseOutcome(RebaseStatus.CONFLICT, worktrees.head(dir), conflicts);
    }
    throw GitRunner.failure(r, "rebase");
  }

  @Override
  public Candidate buildCandidate(BuildCandidate request) {
    return candidates.build(request);
  }

  @Override
  public PushOutcome pushCandidate(PushCandidate request) {
    return candidates.push(request);
  }

  /** Both sides of a rename count: moving {@code tox.ini} away changes it as much as editing it. */
  private List<String> staged(Path dir) {
    return List.of(
        git.ok(dir, "diff", "--cached", "--name-only", "--no-renames", "-z").split("\0"));
  }

  private void refuseProtectedPaths(Path dir) {
    List<String> touched = ProtectedPaths.touched(staged(dir), config.protectedPaths());
    if (!touched.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "refusing to commit changes to protected paths: " + String.join(", ", touched),
          FailureTypes.PROTECTED_PATH);
    }
  }

  private boolean hasStaged(Path dir) {
    ProcessResult r = git.run(dir, "diff", "--cached", "--quiet");
    if (r.exitCode() == 0) return false;
    if (r.exitCode() == 1) return true;
    throw GitRunner.failure(r, "diff");
  }

  private String headOrEmpty(Path dir) {
    ProcessResult r = git.run(dir, "rev-parse", "--verify", "--quiet", "HEAD");
    return r.ok() ? r.out().strip() : "";
  }

  private boolean rebaseInProgress(Path dir) {
    for (String name : List.of("rebase-merge", "rebase-apply")) {
      if (Files.exists(dir.resolve(git.ok(dir, "rev-parse", "--git-path", name)))) return true;
    }
    return false;
  }

  /** {@code base} as a ref; blank means the remote's base branch. */
  private String base(String base) {
    return base == null || base.isBlank() ? config.remote() + "/" + config.baseBranch() : ref(base);
  }

  /** A ref given as data must not be read by git as an option. */
  private static String ref(String ref) {
    if (ref == null
        || ref.isBlank()
        || ref.startsWith("-")
        || ref.chars().anyMatch(Character::isWhitespace)) {
      throw GitRunner.invalid("not a usable ref: '" + ref + "'");
    }
    return ref;
  }

  private String branch(String branch) {
    ref(branch);
    if (!git.run(config.repoPath(), "check-ref-format", "--branch", branch).ok()) {
      throw GitRunner.invalid("not a valid branch name: '" + branch + "'");
    }
    return branch;
  }

  private static Path dir(String path) {
    if (path == null || !Path.of(path).isAbsolute()) {
      throw GitRunner.invalid("not an absolute worktree path: '" + path + "'");
    }
    return Path.of(path).normalize();
  }

  private static Path worktree(String path) {
    Path dir = dir(path);
    if (!Files.isDirectory(dir)) throw GitRunner.invalid("worktree " + dir + " does not exist");
    return dir;
  }
}
