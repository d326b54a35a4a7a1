package dev.timmyloop.sandbox;

import com.sun.net.httpserver.HttpServer;
import dev.timmyloop.sandbox.ForgeRepo.Issue;
import dev.timmyloop.sandbox.ForgeRepo.Pull;
import dev.timmyloop.sandbox.ForgeRepo.ScheduledMerge;
import dev.timmyloop.sandbox.ForgeRepo.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Gitea: the {@code /api/v1} subset timmy-loop uses, served over HTTP from
 * real bare git repositories, with CI emulated on every push. The product talks to it only over
 * HTTP; the public seeding methods are for tests and the demo.
 */
public final class SandboxForge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SandboxForge.class);

  /** The login behind the token; author of everything made through the API. */
  public static final String USER = "timmy";

  private static final Pattern CLOSES =
      Pattern.compile("(?i)\\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\\s*:?\\s+#(\\d+)\\b");

  private final Path root;
  private final Map<String, ForgeRepo> repos = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final HttpServer server;
  private final ExecutorService httpThreads;
  private final String baseUrl;
  private final HttpFront front;
  private final MergeOps merges;
  private final Views views;
  private final CiRunner ci;
  private final PushWatcher watcher;

  private SandboxForge(Path root, int port, String token) throws IOException {
    this.root = root.toAbsolutePath();
    Files.createDirectories(this.root.resolve("repos"));
    Path state = this.root.resolve("forge-state");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    merges = new MergeOps(state.resolve("tmp"));
    views = new Views(baseUrl, merges);
    ci = new CiRunner(this, state);
    front = new HttpFront(this, new Router(ApiRoutes.all()), token);
    httpThreads =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "sandbox-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(httpThreads);
    server.createContext("/", front::handle);
    server.start();
    watcher = new PushWatcher(repos::values, this::refUpdated);
  }

  /** Starts a forge keeping its repositories under {@code root}; port 0 picks a free one. */
  public static SandboxForge start(Path root, int port, String token) throws IOException {
    if (token == null || token.isBlank())
      throw new IllegalArgumentException("token must not be empty");
    SandboxForge forge = new SandboxForge(root, port, token);
    log.info("sandbox forge listening on {}", forge.baseUrl);
    return forge;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Creates the bare repository {@code owner/name} (default branch main) and returns its path. */
  public Path createRepo(String owner, String name) {
    if (!owner.matches("[A-Za-z0-9._-]+") || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("bad repository name " + owner + "/" + name);
    }
    Path dir = root.resolve("repos").resolve(owner).resolve(name + ".git");
    ForgeRepo repo =
        new ForgeRepo(ids.incrementAndGet(), owner, name, dir, CiRunner.defaultTestCommand());
    if (repos.putIfAbsent(key(owner, name), repo) != null) {
      throw new IllegalStateException("repository exists: " + owner + "/" + name);
    }
    GitOps.initBare(dir, repo.spool);
    return dir;
  }

  /** The command CI runs in a checkout of each pushed head (argv, no shell). */
  public void setTestCommand(String owner, String name, List<String> command) {
    repo(owner, name).testCommand = List.copyOf(command);
  }

  /**
   * CI with {@code runners} runs at once, each taking at least {@code least}: a stand-in for a real
   * CI's duration and parallelism (the defaults: 2 runners, no delay).
   */
  public void setCi(int runners, Duration least) {
    ci.configure(runners, least);
  }

  /**
   * Whether pushes to the default branch run CI (the default, a workflow {@code on: push}), or only
   * pushes to other branches (a workflow {@code on: pull_request}). With fast-forward-only merges
   * main only moves to shas CI already passed, so a run on main would test them again.
   */
  public void setCiOnDefaultBranch(String owner, String name, boolean on) {
    repo(owner, name).ciOnDefaultBranch = on;
  }

  /**
   * The merge styles the repository allows, as its settings page would (Gitea's {@code
   * allow_merge_commits}, {@code allow_squash_merge}, {@code allow_fast_forward_only_merge}); the
   * default allows merge and squash.
   */
  public void allowMergeStyles(String owner, String name, Set<String> styles) {
    if (!MergeOps.SETTINGS.values().containsAll(styles))
      throw new IllegalArgumentException("unknown merge style in " + styles);
    repo(owner, name).mergeStyles = Set.copyOf(styles);
  }

  /** The seam for fault modes (see {@link RequestFilter}); {@code null} removes the filter. */
  public void setRequestFilter(RequestFilter filter) {
    front.setFilter(filter);
  }

  /** Seeds an issue; returns its number. */
  public long createIssue(String owner, String name, String title, String body) {
    ForgeRepo r = repo(owner, name);
    synchronized (r) {
      return newIssue(r, title, body).number;
    }
  }

  /** Seeds a label; returns its id. */
  public long createLabel(String owner, String name, String label, String color) {
    ForgeRepo r = repo(owner, name);
    synchronized (r) {
      ForgeRepo.Label l = new ForgeRepo.Label(nextId(), label, color, "");
      r.labels.add(l);
      return l.id();
    }
  }

  /** Seeds labels on an issue or PR. */
  public void addLabels(String owner, String name, long number, long... labelIds) {
    ForgeRepo r = repo(owner, name);
    synchronized (r) {
      for (long id : labelIds) if (r.label(id) != null) r.issue(number).labelIds.add(id);
    }
  }

  /** Seeds a PR from an existing branch; returns its number. */
  public long createPull(
      String owner, String name, String title, String body, String head, String base) {
    ForgeRepo r = repo(owner, name);
    synchronized (r) {
      return newPull(r, title, body, head, base).number;
    }
  }

  /** Waits until every push seen so far has its CI run finished; false on timeout. */
  public boolean awaitCiIdle(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      watcher.poll();
      long left = deadline - System.nanoTime();
      if (!ci.awaitIdle(Duration.ofNanos(Math.max(0, left)))) return false;
      watcher.poll();
      if (ci.inflight() == 0) return true;
    }
  }

  /**
   * Stops CI, for a test that is about to look at the forge's files: every push seen so far keeps
   * its run, which may finish within {@code max} (then it is cancelled: its processes killed, its
   * checkout deleted); later pushes and merges get no run. Returns once the runner's threads have
   * ended, so nothing of CI writes under the forge's folder any more; true if no run was cancelled.
   */
  public boolean stopCi(Duration max) throws InterruptedException {
    watcher.poll();
    return ci.stop(max);
  }

  /** Requests served, by {@code METHOD route-template}. */
  public Map<String, Long> requestCounts() {
    return front.counters();
  }

  /** The most recent requests served (up to 20,000), oldest first. */
  public List<RequestRecord> requestLog() {
    return front.requestLog();
  }

  @Override
  public void close() {
    watcher.close();
    server.stop(0);
    httpThreads.shutdownNow();
    ci.close();
  }

  // ---- package-private operations used by the API handlers ----

  ForgeRepo repo(String owner, String name) {
    ForgeRepo r = owner == null || name == null ? null : repos.get(key(owner, name));
    if (r == null) throw ForgeError.notFound("repository");
    return r;
  }

  Views views() {
    return views;
  }

  MergeOps merges() {
    return merges;
  }

  long nextId() {
    return ids.incrementAndGet();
  }

  Issue newIssue(ForgeRepo r, String title, String body) {
    Issue i = new Issue(nextId(), r.nextIndex(), USER, title, body, Instant.now());
    r.issues.put(i.number, i);
    return i;
  }

  /** A PR from {@code head} into {@code base}: 404 for a missing branch, 409 for a duplicate. */
  Issue newPull(ForgeRepo r, String title, String body, String head, String base) {
    Map<String, String> heads = GitOps.heads(r.gitDir);
    if (!heads.containsKey(base)) throw new ForgeError(404, "base branch does not exist");
    if (!heads.containsKey(head)) throw new ForgeError(404, "head branch does not exist");
    if (head.equals(base) || GitOps.isAncestor(r.gitDir, heads.get(head), heads.get(base))) {
      throw ForgeError.unprocessable(
          "Invalid PullRequest: There are no changes between the head and the base");
    }
    for (Issue other : r.issues.values()) {
      if (other.pull != null
          && other.open()
          && other.pull.headRef.equals(head)
          && other.pull.baseRef.equals(base)) {
        throw new ForgeError(
            409,
            String.format(
                "pull request already exists for these targets [id: %d, issue_id: %d, head_repo_id:"
                    + " %d, base_repo_id: %d, head_branch: %s, base_branch: %s]",
                other.pull.id, other.id, r.id, r.id, head, base));
      }
    }
    Issue i = newIssue(r, title, body);
    i.pull = new Pull(nextId(), head, base, heads.get(head), heads.get(base));
    return i;
  }

  /** Records a status; a green head may complete a merge scheduled by merge_when_checks_succeed. */
  Status postStatus(
      ForgeRepo r, String sha, String state, String context, String description, String url) {
    synchronized (r) {
      Status s = new Status(nextId(), sha, state, context, description, url, USER, Instant.now());
      r.statuses.computeIfAbsent(sha, k -> new ArrayList<>()).add(s);
      if (state.equals("success")) runScheduledMerges(r, sha);
      return s;
    }
  }

  private void runScheduledMerges(ForgeRepo r, String sha) {
    if (!StatusesApi.combinedState(r, sha).equals("success")) return;
    Map<String, String> heads = GitOps.heads(r.gitDir);
    for (Issue i : new ArrayList<>(r.issues.values())) {
      if (i.pull == null || i.pull.scheduled == null || !i.open()) continue;
      Views.refresh(i, heads);
      if (!sha.equals(i.pull.headSha)) continue;
      try {
        mergeNow(r, i, i.pull.scheduled);
      } catch (ForgeError e) {
        log.info("scheduled merge of #{} not done: {}", i.number, e.getMessage());
      }
    }
  }

  /** Writes the merge commit on base, marks the PR merged and closes the issues it references. */
  void mergeNow(ForgeRepo r, Issue i, ScheduledMerge m) {
    Pull p = i.pull;
    String title =
        m.title() == null || m.title().isBlank() ? i.title + " (#" + i.number + ")" : m.title();
    String message = m.message() == null ? "" : m.message();
    String full = message.isBlank() ? title : title + "\n\n" + message;
    String oldBase = p.baseSha;
    Optional<String> commit = merges.merge(r, p.baseRef, p.baseSha, p.headSha, m.style(), full);
    if (commit.isEmpty()) throw new ForgeError(409, "merge failed because of conflict");
    p.merged = true;
    p.mergedAt = Instant.now();
    p.mergeCommitSha = commit.get();
    p.baseSha = commit.get();
    p.scheduled = null;
    IssuesApi.close(i);
    Matcher refs = CLOSES.matcher(i.title + "\n" + i.body + "\n" + full);
    while (refs.find()) {
      Issue target = r.issues.get(Long.parseLong(refs.group(1)));
      if (target != null && target != i) IssuesApi.close(target);
    }
    if (m.deleteBranch()) GitOps.deleteBranch(r.gitDir, p.headRef);
    refUpdated(r, oldBase, commit.get(), "refs/heads/" + p.baseRef);
  }

  /** A branch moved (a push, an update or a merge): CI runs on its new head. */
  void refUpdated(ForgeRepo r, String oldSha, String newSha, String ref) {
    if (!ref.startsWith("refs/heads/") || newSha.equals(GitOps.ZERO)) return;
    String branch = ref.substring("refs/heads/".length());
    if (branch.equals(r.defaultBranch) && !r.ciOnDefaultBranch) return;
    ci.trigger(r, newSha, branch);
  }

  private static String key(String owner, String name) {
    return owner.toLowerCase(java.util.Locale.ROOT) + "/" + name.toLowerCase(java.util.Locale.ROOT);
  }
}
