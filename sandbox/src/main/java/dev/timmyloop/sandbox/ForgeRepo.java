package dev.timmyloop.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One repository's state: the bare git repository plus issues, PRs, labels, comments, statuses and
 * CI runs kept in memory. Guarded by its own monitor ({@code synchronized (repo)}).
 */
final class ForgeRepo {
  final long id;
  final String owner;
  final String name;
  final Path gitDir;
  final Path spool;
  final String defaultBranch = "main";
  long spoolOffset;
  private long nextIndex = 1;
  final Map<Long, Issue> issues = new TreeMap<>();
  final List<Label> labels = new ArrayList<>();
  final Map<Long, List<Comment>> comments = new LinkedHashMap<>();
  final Map<String, List<Status>> statuses = new LinkedHashMap<>();
  final Map<Long, CiRun> runs = new TreeMap<>();
  final Map<String, Boolean> mergeableCache = new LinkedHashMap<>();
  volatile List<String> testCommand;

  /** Whether pushes to the default branch run CI (a workflow {@code on: push}); else PRs only. */
  volatile boolean ciOnDefaultBranch = true;

  /** Gitea's allow_merge_commits, allow_squash_merge and allow_fast_forward_only_merge. */
  volatile Set<String> mergeStyles = Set.of(MergeOps.MERGE, MergeOps.SQUASH);

  ForgeRepo(long id, String owner, String name, Path gitDir, List<String> testCommand) {
    this.id = id;
    this.owner = owner;
    this.name = name;
    this.gitDir = gitDir;
    this.spool = gitDir.resolve("sandbox-pushes.log");
    this.testCommand = testCommand;
  }

  String fullName() {
    return owner + "/" + name;
  }

  /** Issues and PRs share one index counter, like Gitea. */
  long nextIndex() {
    return nextIndex++;
  }

  Issue issue(long number) {
    Issue i = issues.get(number);
    if (i == null) throw ForgeError.notFound("issue");
    return i;
  }

  Issue pull(long number) {
    Issue i = issues.get(number);
    if (i == null || i.pull == null) throw ForgeError.notFound("pull request");
    return i;
  }

  Label label(long labelId) {
    return labels.stream().filter(l -> l.id() == labelId).findFirst().orElse(null);
  }

  /** An issue or a PR (then {@link #pull} is set). */
  static final class Issue {
    final long id;
    final long number;
    final String user;
    final Instant createdAt;
    String title;
    String body;
    String state = "open";
    final Set<Long> labelIds = new LinkedHashSet<>();
    Instant updatedAt;
    Instant closedAt;
    Pull pull;

    Issue(long id, long number, String user, String title, String body, Instant now) {
      this.id = id;
      this.number = number;
      this.user = user;
      this.title = title;
      this.body = body == null ? "" : body;
      this.createdAt = now;
      this.updatedAt = now;
    }

    boolean open() {
      return state.equals("open");
    }
  }

  /**
   * The PR part of an issue. {@code headSha} is the last head seen; live refs win while it is open.
   */
  static final class Pull {
    final long id;
    final String headRef;
    final String baseRef;
    String headSha;
    String baseSha;
    boolean merged;
    Instant mergedAt;
    String mergeCommitSha;

    /** Set by merge_when_checks_succeed: the merge to do once the head's checks pass. */
    ScheduledMerge scheduled;

    Pull(long id, String headRef, String baseRef, String headSha, String baseSha) {
      this.id = id;
      this.headRef = headRef;
      this.baseRef = baseRef;
      this.headSha = headSha;
      this.baseSha = baseSha;
    }
  }

  record ScheduledMerge(String style, String title, String message, boolean deleteBranch) {}

  record Label(long id, String name, String color, String description) {}

  record Comment(long id, long issue, String body, String user, Instant createdAt) {}

  record Status(
      long id,
      String sha,
      String state,
      String context,
      String description,
      String targetUrl,
      String creator,
      Instant createdAt) {}

  /** One CI run (one job) on one pushed head; the run id is also the job id. */
  static final class CiRun {
    final long id;
    final String sha;
    final String branch;
    final Path log;
    final Instant createdAt;
    volatile String status = "queued";
    volatile String conclusion;
    volatile Instant startedAt;
    volatile Instant completedAt;

    /** A later push to its branch superseded it (see {@code CiRunner#cancelSuperseded}). */
    volatile boolean cancelled;

    /** The runner thread executing it; null while queued and once done. Guarded by this run. */
    Thread worker;

    CiRun(long id, String sha, String branch, Path log, Instant createdAt) {
      this.id = id;
      this.sha = sha;
      this.branch = branch;
      this.log = log;
      this.createdAt = createdAt;
    }
  }
}
