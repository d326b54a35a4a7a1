package dev.timmyloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The limit the overhead ratio is measured against: the cycle's external commands from plain Java
 * (ProcessBuilder and HttpClient, no Temporal). The same as the cycle: list PRs and issues, the
 * tests on a worktree of main; then per issue, in parallel: fetch, worktree add, the agent, the
 * tests, commit through the hooks, push, create the PR, wait for CI (polled every 50 ms), squash
 * merge with the green head, worktree remove.
 */
final class Baseline {
  private static final long CI_POLL_MILLIS = 50;

  private final BenchWorld world;
  private final ObjectMapper json = new ObjectMapper();

  /** git cannot add or remove two worktrees of one repository at once; a script would flock too. */
  private final Object repoLock = new Object();

  Baseline(BenchWorld world) {
    this.world = world;
  }

  /** Seconds from the first command until the last merge returned. */
  double run(int k, String tag) throws Exception {
    world.closeLeftovers();
    List<Long> issues = world.fileIssues(k, tag);
    Path repo = world.demo.repoPath();
    Path wtRoot = world.root.resolve("baseline-worktrees");
    long t0 = System.nanoTime();
    world.get("pulls?state=open&limit=50&page=1");
    world.get("issues?state=open&type=issues&limit=50&page=1");
    git(repo, "fetch", "-q", "origin");
    Path main = wtRoot.resolve("main-" + tag);
    git(repo, "worktree", "add", "-q", "--detach", main.toString(), "origin/main");
    run(main, BenchWorld.TEST_COMMAND);
    git(repo, "worktree", "remove", "--force", main.toString());
    ExecutorService pool = Executors.newFixedThreadPool(k);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (long n : issues) jobs.add(pool.submit(() -> issue(repo, wtRoot, n, tag)));
      for (Future<?> f : jobs) f.get(10, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private Void issue(Path repo, Path wtRoot, long n, String tag) throws Exception {
    String branch = "base/" + n + "-" + tag;
    Path wt = wtRoot.resolve("issue-" + n);
    git(repo, "fetch", "-q", "origin");
    synchronized (repoLock) {
      git(repo, "worktree", "add", "-q", "-b", branch, wt.toString(), "origin/main");
    }
    run(
        wt,
        world.agent.toString(),
        "--print",
        "-p",
        "Issue #" + n + ": bench",
        "-w",
        wt.toString());
    run(wt, BenchWorld.TEST_COMMAND);
    git(wt, "add", "-A");
    git(wt, "commit", "-q", "-m", "fix: bench note (#" + n + ")");
    git(wt, "push", "-q", "origin", branch);
    String sha = git(wt, "rev-parse", "HEAD").trim();
    JsonNode pr =
        world.send(
            "POST",
            "pulls",
            json.writeValueAsString(
                Map.of(
                    "title",
                    "fix: bench note (#" + n + ")",
                    "body",
                    "Closes #" + n,
                    "head",
                    branch,
                    "base",
                    "main")));
    long pull = pr.path("number").asLong();
    while (!world.get("commits/" + sha + "/status").path("state").asText().equals("success")) {
      Thread.sleep(CI_POLL_MILLIS);
    }
    String merge =
        json.writeValueAsString(
            Map.of("Do", "squash", "head_commit_id", sha, "delete_branch_after_merge", true));
    for (int i = 0; ; i++) {
      HttpResponse<String> r = world.request("POST", "pulls/" + pull + "/merge", merge);
      if (r.statusCode() == 200) break;
      // 409: another merge moved main at the same moment; Gitea merges onto the new main.
      if (i >= 50)
        throw new IOException("merge of #" + pull + ": " + r.statusCode() + " " + r.body());
      Thread.sleep(CI_POLL_MILLIS);
    }
    synchronized (repoLock) {
      git(repo, "worktree", "remove", "--force", wt.toString());
      git(repo, "branch", "-D", branch);
    }
    return null;
  }

  /** Parallel git commands in one repository may collide on a lock; the activities retry too. */
  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    boolean retry = args[0].equals("fetch") || args[0].equals("push");
    for (int attempt = 1; ; attempt++) {
      try {
        return run(dir, argv.toArray(new String[0]));
      } catch (IOException e) {
        if (!retry || attempt >= 3) throw e;
        Thread.sleep(100L * attempt);
      }
    }
  }

  private static String run(Path dir, String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + out);
    }
    return out;
  }
}
