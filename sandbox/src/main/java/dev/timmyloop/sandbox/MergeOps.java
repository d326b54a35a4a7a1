package dev.timmyloop.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The git side of PRs: mergeability, squash/merge commits and branch updates, done for real. */
final class MergeOps {
  static final String MERGE = "merge";
  static final String SQUASH = "squash";
  static final String FAST_FORWARD_ONLY = "fast-forward-only";

  /** The repository setting that allows each style, as Gitea names it. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "allow_merge_commits", MERGE,
          "allow_squash_merge", SQUASH,
          "allow_fast_forward_only_merge", FAST_FORWARD_ONLY);

  private final Path tmpRoot;

  MergeOps(Path tmpRoot) {
    this.tmpRoot = tmpRoot;
  }

  /** Does {@code head} merge cleanly into {@code base}? Cached per (base, head) pair. */
  boolean mergeable(ForgeRepo repo, String baseSha, String headSha) {
    if (baseSha == null || headSha == null) return false;
    String key = baseSha + ".." + headSha;
    Boolean cached = repo.mergeableCache.get(key);
    if (cached != null) return cached;
    boolean clean = GitOps.mergeTree(repo.gitDir, baseSha, headSha).isPresent();
    if (repo.mergeableCache.size() > 1000) repo.mergeableCache.clear();
    repo.mergeableCache.put(key, clean);
    return clean;
  }

  /**
   * Writes the merge of {@code headSha} onto {@code baseSha} as one commit on the base branch: one
   * parent for squash, two for merge; fast-forward-only moves the base to {@code headSha} itself.
   * Empty when it conflicts or the base moved meanwhile.
   */
  Optional<String> merge(
      ForgeRepo repo,
      String baseRef,
      String baseSha,
      String headSha,
      String style,
      String message) {
    if (style.equals(FAST_FORWARD_ONLY)) {
      if (!GitOps.isAncestor(repo.gitDir, baseSha, headSha)) {
        throw new ForgeError(
            500, "Merge DivergingFastForwardOnly"); // Gitea's answer; nothing moves
      }
      boolean moved = GitOps.updateBranch(repo.gitDir, baseRef, headSha, baseSha);
      return moved ? Optional.of(headSha) : Optional.empty();
    }
    Optional<String> tree = GitOps.mergeTree(repo.gitDir, baseSha, headSha);
    if (tree.isEmpty()) return Optional.empty();
    List<String> parents = style.equals(MERGE) ? List.of(baseSha, headSha) : List.of(baseSha);
    String commit = GitOps.commitTree(repo.gitDir, tree.get(), parents, message);
    if (!GitOps.updateBranch(repo.gitDir, baseRef, commit, baseSha)) return Optional.empty();
    return Optional.of(commit);
  }

  /** Outcome of an update: the new head, or a conflict. */
  record Update(boolean conflict, String newHead) {}

  /**
   * Brings {@code headRef} up to date with {@code baseSha}: style rebase replays the PR's commits
   * onto the base in a temporary worktree of the bare repository; style merge writes a merge
   * commit.
   */
  Update update(ForgeRepo repo, String headRef, String headSha, String baseSha, String style) {
    if (GitOps.isAncestor(repo.gitDir, baseSha, headSha)) return new Update(false, headSha);
    String newHead;
    if (style.equals("merge")) {
      Optional<String> tree = GitOps.mergeTree(repo.gitDir, headSha, baseSha);
      if (tree.isEmpty()) return new Update(true, headSha);
      newHead =
          GitOps.commitTree(
              repo.gitDir,
              tree.get(),
              List.of(headSha, baseSha),
              "Merge branch '" + repo.defaultBranch + "' into " + headRef);
    } else {
      Optional<String> rebased = rebase(repo, headSha, baseSha);
      if (rebased.isEmpty()) return new Update(true, headSha);
      newHead = rebased.get();
    }
    if (!GitOps.updateBranch(repo.gitDir, headRef, newHead, headSha)) {
      throw new ForgeError(409, "head branch moved during update");
    }
    return new Update(false, newHead);
  }

  private Optional<String> rebase(ForgeRepo repo, String headSha, String baseSha) {
    Path wt;
    try {
      Files.createDirectories(tmpRoot);
      wt = Files.createTempDirectory(tmpRoot, "rebase-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      GitOps.out(repo.gitDir, "worktree", "add", "-q", "--detach", wt.toString(), headSha);
      GitOps.Result r = GitOps.run(wt, List.of("rebase", "-q", baseSha));
      if (!r.ok()) {
        GitOps.run(wt, List.of("rebase", "--abort"));
        return Optional.empty();
      }
      return Optional.of(GitOps.out(wt, "rev-parse", "HEAD"));
    } finally {
      GitOps.run(repo.gitDir, List.of("worktree", "remove", "--force", wt.toString()));
      GitOps.deleteTree(wt);
      GitOps.run(repo.gitDir, List.of("worktree", "prune"));
    }
  }
}
