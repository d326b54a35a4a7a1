package dev.timmyloop.activities.git;

import dev.timmyloop.activities.git.GitActivities.Worktree;
import dev.timmyloop.config.TimmyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 4 (dispatch) and phase 5 (land): one worktree per branch under {@code worktreeRoot}, made
 * and removed with the git CLI so that a retry, a second attempt or a hand-deleted directory all
 * converge.
 */
final class GitWorktrees {
  private static final Logger log = LoggerFactory.getLogger(GitWorktrees.class);

  /**
   * One lock per repository: git does not guard {@code worktree add} against a concurrent add,
   * prune or remove ("could not lock config file"), and four jobs start at once.
   */
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final TimmyConfig config;
  private final GitRunner git;
  private final Path repo;

  GitWorktrees(TimmyConfig config, GitRunner git) {
    this.config = config;
    this.git = git;
    this.repo = config.repoPath();
  }

  private Object lock() {
    return LOCKS.computeIfAbsent(repo.toAbsolutePath().normalize(), k -> new Object());
  }

  /** {@code fix/123-x} lives in {@code <worktreeRoot>/fix-123-x}. */
  Path pathFor(String branch) {
    return config.worktreeRoot().resolve(branch.replace('/', '-')).toAbsolutePath().normalize();
  }

  Worktree add(String branch, String startPoint) {
    synchronized (lock()) {
      Path path = pathFor(branch);
      Optional<Worktree> reused = prepare(path, branch);
      if (reused.isPresent()) return reused.get();
      if (branchExists(branch)) {
        // An earlier attempt left the branch (and maybe commits) behind: continue on it.
        git.ok(repo, "worktree", "add", path.toString(), branch);
      } else {
        git.ok(repo, "worktree", "add", "-b", branch, path.toString(), startPoint);
      }
      log.info("worktree {} created for {} from {}", path, branch, startPoint);
      return new Worktree(path.toString(), branch, head(path), false);
    }
  }

  Worktree checkout(String branch) {
    synchronized (lock()) {
      String remoteRef = config.remote() + "/" + branch;
      if (!refExists("refs/remotes/" + remoteRef)) {
        git.ok(
            repo, "fetch", config.remote(), "+refs/heads/" + branch + ":refs/remotes/" + remoteRef);
      }
      Path path = pathFor(branch);
      Optional<Worktree> reused = prepare(path, branch);
      if (reused.isPresent()) return reused.get();
      // -B resets a stale local branch left by an earlier repair to the remote head.
      git.ok(repo, "worktree", "add", "--track", "-B", branch, path.toString(), remoteRef);
      log.info("worktree {} checks out {}", path, remoteRef);
      return new Worktree(path.toString(), branch, head(path), false);
    }
  }

  void remove(Path path, boolean deleteBranch) {
    synchronized (lock()) {
      Path p = path.toAbsolutePath().normalize();
      if (p.equals(repo.toAbsolutePath().normalize())) {
        throw GitRunner.invalid("refusing to remove the main checkout " + p);
      }
      git.ok(repo, "worktree", "prune");
      Optional<WorktreeList.Entry> entry = list().at(real(p));
      String branch = entry.map(WorktreeList.Entry::branch).orElseGet(() -> branchForDir(p));
      if (entry.isPresent()) {
        if (!git.run(repo, "worktree", "remove", "--force", p.toString()).ok()) {
          deleteTree(p); // locked or half-broken: the directory goes, prune forgets it
        }
      } else if (Files.exists(p)
          && p.startsWith(config.worktreeRoot().toAbsolutePath().normalize())) {
        deleteTree(p);
      }
      git.ok(repo, "worktree", "prune");
      if (deleteBranch && branch != null && !isProtected(branch) && branchExists(branch)) {
        git.ok(repo, "branch", "-D", branch);
      }
      log.info(
          "worktree {} removed{}",
          p,
          deleteBranch && branch != null ? " with branch " + branch : "");
    }
  }

  /**
   * Reuses the worktree at {@code path} when it is on {@code branch}; otherwise clears the way:
   * forgets worktrees whose directory is gone and deletes a stale directory git does not know.
   */
  private Optional<Worktree> prepare(Path path, String branch) {
    git.ok(repo, "worktree", "prune");
    WorktreeList list = list();
    Optional<WorktreeList.Entry> here = list.at(real(path));
    if (here.isPresent()) {
      if (branch.equals(here.get().branch())) {
        return Optional.of(new Worktree(path.toString(), branch, head(path), true));
      }
      throw GitRunner.invalid(
          path + " is a worktree for " + here.get().branch() + ", not " + branch);
    }
    Optional<WorktreeList.Entry> elsewhere = list.onBranch(branch);
    if (elsewhere.isPresent()) {
      Path other = elsewhere.get().path();
      if (other.equals(real(repo))) {
        throw GitRunner.invalid(branch + " is checked out in the main checkout " + repo);
      }
      return Optional.of(new Worktree(other.toString(), branch, head(other), true));
    }
    if (Files.exists(path)) {
      log.warn("{} exists but is not a registered worktree; deleting it and starting afresh", path);
      deleteTree(path);
    }
    try {
      Files.createDirectories(config.worktreeRoot());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.empty();
  }

  WorktreeList list() {
    return WorktreeList.parse(git.ok(repo, "worktree", "list", "--porcelain"));
  }

  String head(Path dir) {
    return git.ok(dir, "rev-parse", "HEAD");
  }

  boolean branchExists(String branch) {
    return refExists("refs/heads/" + branch);
  }

  private boolean refExists(String ref) {
    return git.run(repo, "rev-parse", "--verify", "--quiet", ref).exitCode() == 0;
  }

  boolean isProtected(String branch) {
    return branch.equals(config.baseBranch()) || config.protectedBranches().contains(branch);
  }

  /** The local branch whose directory name this is, when the worktree itself is already gone. */
  private String branchForDir(Path dir) {
    String name = dir.getFileName().toString();
    List<String> matches =
        git.ok(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads/")
            .lines()
            .filter(b -> b.replace('/', '-').equals(name))
            .toList();
    return matches.size() == 1 ? matches.get(0) : null;
  }

  /** git records worktree paths with symlinks resolved. */
  static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) return;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
