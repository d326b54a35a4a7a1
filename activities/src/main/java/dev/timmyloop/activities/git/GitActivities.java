package dev.timmyloop.activities.git;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Git in the configured repository ({@code repoPath}) and its worktrees under {@code worktreeRoot}.
 *
 * <p>The git CLI does everything with side effects (worktrees, commit through the hooks, push,
 * rebase, fetch); JGit only reads. Every method is idempotent under retry. Hooks are never
 * bypassed.
 */
@ActivityInterface(namePrefix = "Git.")
public interface GitActivities {

  /** A worktree for {@code branch}, created from {@code startPoint} (e.g. {@code origin/main}). */
  record AddWorktree(String branch, String startPoint) {}

  /**
   * @param path absolute path of the worktree
   * @param reused true when the worktree already existed for this branch (a retry, or a second
   *     attempt)
   */
  record Worktree(String path, String branch, String headSha, boolean reused) {}

  /** A worktree that checks out the existing remote branch {@code branch} (a PR to repair). */
  record CheckoutWorktree(String branch) {}

  record RemoveWorktree(String path, boolean deleteBranch) {}

  /** Where {@code ref} stands against {@code base}: commits behind and ahead. */
  record RefQuery(String ref, String base) {}

  record RefState(String ref, String sha, int behind, int ahead) {}

  record ChangesQuery(String worktreePath, String base) {}

  /**
   * One changed file. {@code status}: A added, M modified, D deleted, R renamed (path is the new
   * one).
   */
  record FileChange(String path, String status, String oldPath) {}

  /**
   * The worktree's changes against the merge base with {@code base}, committed or not, untracked
   * included.
   *
   * @param diffText the unified diff, truncated to a few KB (the agent's review prompt uses it)
   */
  record Changes(List<FileChange> files, int insertions, int deletions, String diffText) {
    @JsonIgnore // derived: must not travel as a field of the payload
    public boolean isEmpty() {
      return files.isEmpty();
    }
  }

  /**
   * @param base when set (e.g. {@code origin/main}), commits the agent made itself on top of it are
   *     squashed with the rest into the one commit of {@code message}; null commits what is staged
   */
  record CommitRequest(String worktreePath, String message, String base) {
    public CommitRequest(String worktreePath, String message) {
      this(worktreePath, message, null);
    }
  }

  /** How a commit ended. A hook that rejects is an expected outcome, not an exception. */
  enum CommitStatus {
    COMMITTED,
    NOTHING_TO_COMMIT,
    HOOK_REJECTED
  }

  /**
   * @param hookOutput the hook's output (truncated) when {@code status} is HOOK_REJECTED
   */
  record CommitOutcome(CommitStatus status, String sha, String hookOutput) {}

  /**
   * Pushes the worktree's HEAD to {@code branch} on the remote (force-with-lease: a rebased
   * repair).
   */
  record PushRequest(String worktreePath, String branch) {}

  /**
   * @param refused the output of a pre-push hook or of the server that refused the push
   *     (truncated); empty when pushed. A refusal is an answer for the agent, not something to
   *     retry.
   */
  record PushOutcome(String branch, String sha, String refused) {
    public PushOutcome(String branch, String sha) {
      this(branch, sha, "");
    }

    @JsonIgnore // derived: must not travel as a field of the payload
    public boolean pushed() {
      return refused == null || refused.isEmpty();
    }
  }

  record RebaseRequest(String worktreePath, String onto) {}

  enum RebaseStatus {
    REBASED,
    UP_TO_DATE,
    CONFLICT
  }

  /** On CONFLICT the rebase is aborted and the worktree is left as it was; the files are named. */
  record RebaseOutcome(RebaseStatus status, String sha, List<String> conflictingFiles) {}

  /**
   * A speculative merge candidate: the squash of {@code head}'s changes (since its merge-base with
   * {@code base}) on top of {@code base}, one commit with {@code message}.
   */
  record BuildCandidate(String base, String head, String message) {}

  enum CandidateStatus {
    BUILT,
    CONFLICT
  }

  /** BUILT: {@code sha} is the candidate; CONFLICT: the files that conflict, nothing written. */
  record Candidate(CandidateStatus status, String sha, List<String> conflictingFiles) {}

  /** Moves the PR branch {@code branch} to {@code sha} only if it is still at {@code expected}. */
  record PushCandidate(String branch, String sha, String expected) {}

  /**
   * {@code git worktree add -b <branch> <root>/<branch> <startPoint>}, reusing it for the same
   * branch.
   */
  @ActivityMethod
  Worktree addWorktree(AddWorktree request);

  /** A worktree on an existing remote branch, tracking it (for a PR repair). */
  @ActivityMethod
  Worktree checkoutWorktree(CheckoutWorktree request);

  /**
   * {@code git worktree remove --force} then {@code prune}; a worktree already gone is not an
   * error.
   */
  @ActivityMethod
  void removeWorktree(RemoveWorktree request);

  /** {@code git fetch --prune <remote>}, so {@code origin/main} and PR branches are current. */
  @ActivityMethod
  void fetch();

  /**
   * Current sha of a ref (or a worktree path's HEAD) and how far it is behind/ahead of {@code
   * base}.
   */
  @ActivityMethod
  RefState refState(RefQuery query);

  @ActivityMethod
  Changes changes(ChangesQuery query);

  /** {@code git add -A} then {@code git commit -m} through every hook. */
  @ActivityMethod
  CommitOutcome commit(CommitRequest request);

  /** Refuses protected branches with a non-retryable {@code ProtectedBranch} failure. */
  @ActivityMethod
  PushOutcome push(PushRequest request);

  @ActivityMethod
  RebaseOutcome rebase(RebaseRequest request);

  /**
   * Builds a candidate in the main clone without a worktree ({@code merge-tree --write-tree}, then
   * {@code commit-tree}); it keeps the head's author.
   */
  @ActivityMethod
  Candidate buildCandidate(BuildCandidate request);

  /**
   * {@code push --force-with-lease=<branch>:<expected>}; hooks run. The base branch and protected
   * branches are refused ({@code ProtectedBranch}); a lost lease is a refusal, not an error.
   */
  @ActivityMethod
  PushOutcome pushCandidate(PushCandidate request);
}
