package dev.timmyloop.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobTicket;
import dev.timmyloop.activities.agent.AgentActivitiesImpl;
import dev.timmyloop.activities.git.GitActivities.AddWorktree;
import dev.timmyloop.activities.git.GitActivities.ChangesQuery;
import dev.timmyloop.activities.git.GitActivities.CommitOutcome;
import dev.timmyloop.activities.git.GitActivities.CommitRequest;
import dev.timmyloop.activities.git.GitActivities.CommitStatus;
import dev.timmyloop.activities.git.GitActivities.PushOutcome;
import dev.timmyloop.activities.git.GitActivities.PushRequest;
import dev.timmyloop.activities.git.GitActivities.RemoveWorktree;
import dev.timmyloop.activities.git.GitActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.activities.tests.TestActivities.TestRequest;
import dev.timmyloop.activities.tests.TestActivitiesImpl;
import dev.timmyloop.activities.tmux.Tmux;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.bench.SameProtocolQueue.Ticket;
import dev.timmyloop.bench.ThroughputFigures.Shape;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.workflows.issue.Branches;
import dev.timmyloop.workflows.issue.IssueKind;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The loop's protocol from plain Java threads, no Temporal: the best a script could do with the
 * same external commands. The activity classes are called directly (they are plain Java; only their
 * awaits need an activity context, so those two waits are polls here): up to N issues at a time,
 * each in a pane of its own; per issue fetch, worktree add, the agent sent to the pane as the loop
 * sends it ({@code AgentActivitiesImpl.dispatch}: runner script, {@code tmux respawn-pane}), its
 * {@code exit_code} polled, the diff read, the tests, commit through the hooks, push, the PR
 * opened; the pane then takes the next issue while {@link SameProtocolQueue} lands the PR, and the
 * worktree goes once it landed. Left out: the claims (state.json), the cycle's other phases, the
 * prompt template and the metrics.
 */
final class SameProtocolBaseline {
  /** How often the loop's background await looks at a job ({@code AgentActivitiesImpl}). */
  private static final long EXIT_POLL_MILLIS = AgentActivitiesImpl.BACKGROUND_POLL_MILLIS;

  private final TimmyConfig config;
  private final String tag;
  private final AgentActivitiesImpl agent;
  private final GitActivitiesImpl git;
  private final GiteaActivitiesImpl gitea;
  private final TestActivitiesImpl tests;
  private final TmuxActivitiesImpl tmux;
  private final String base;

  private SameProtocolBaseline(Map<String, String> env, String tag) {
    this.tag = tag;
    this.config = ConfigLoader.load(env, Path.of(env.get("TIMMY_CONFIG")));
    this.agent = new AgentActivitiesImpl(config, Tmux.forConfig(config), env);
    this.git = new GitActivitiesImpl(config, Heartbeat.NONE);
    this.gitea = new GiteaActivitiesImpl(config);
    this.tests = new TestActivitiesImpl(config, Heartbeat.NONE);
    this.tmux = new TmuxActivitiesImpl(config);
    this.base = "origin/" + config.baseBranch();
  }

  /**
   * Right after the loop's throughput run on {@code shape}: the baseline on a fresh set of issues,
   * then {@code same_protocol_overhead_ratio}.
   *
   * @param loop the loop's throughput figures
   */
  static void measure(
      BenchRun run,
      BenchWorld world,
      Shape shape,
      Map<String, String> env,
      Map<String, Double> loop,
      PrintWriter progress)
      throws Exception {
    Map<String, Double> b;
    Level was = quietActivities(Level.WARN);
    try {
      b = run(world, shape, env, "b", progress);
    } finally {
      quietActivities(was);
    }
    double loopPerHour = loop.get("landed_per_hour_whole_run");
    double basePerHour = b.get("landed_per_hour_whole_run");
    run.put(
        "same_protocol_overhead_ratio",
        overheadRatio(loopPerHour, basePerHour),
        String.format(
            "the loop's start → last merge (%s s) / a plain-Java script's (%s s) on the same shape and %d fresh issues, run right after it: the same activity classes called directly, no Temporal (dispatch to N tmux panes, the job's exit_code polled every %d ms, diff, tests, commit through the hooks, push, PR; the pane freed once the PR is open; the speculative line decided by SpeculativePolicy, CI polled with the activity's back-off, fast-forward merge); not reproduced: the claims in state.json, the cycle's other phases, the prompt template. Baseline: %s landed/h, agent exit → merge p50 %s s, pane idle gap p50 %s s, %s CI runs per issue",
            Figure.format(shape.issues() * 3600 / loopPerHour),
            Figure.format(shape.issues() * 3600 / basePerHour),
            shape.issues(),
            EXIT_POLL_MILLIS,
            Figure.format(basePerHour),
            Figure.format(b.get("agent_exit_to_merge_p50_s")),
            Figure.format(b.get("pane_idle_gap_p50_s")),
            Figure.format(b.get("ci_runs_per_landed_issue"))));
  }

  /** Sets the activities' log level (their INFO lines would bury the progress); returns the old. */
  private static Level quietActivities(Level level) {
    if (!(LoggerFactory.getLogger("dev.timmyloop.activities") instanceof Logger l)) return null;
    Level old = l.getLevel();
    l.setLevel(level);
    return old;
  }

  /**
   * Files {@code shape.issues()} new issues and lands them; the figures as the throughput section
   * computes them for the loop.
   *
   * @param env the loop worker's {@code TIMMY_*} environment (its own tmux socket)
   */
  static Map<String, Double> run(
      BenchWorld world, Shape shape, Map<String, String> env, String tag, PrintWriter progress)
      throws Exception {
    world.closeLeftovers();
    world.setAgentDelay(Duration.ofMillis((long) (shape.agentS() * 1000)));
    world.demo.forge().setCi(shape.runners(), Duration.ofMillis((long) (shape.ciS() * 1000)));
    SameProtocolBaseline b = new SameProtocolBaseline(env, tag);
    ThroughputBench.Marks before = ThroughputBench.mark(world);
    List<Long> issues = world.fileIssues(shape.issues(), tag);
    long t0 = System.currentTimeMillis();
    b.landAll(issues, 1000 * (long) (3 * shape.issues() * 3600 / shape.idealPerHour() + 300));
    progress.printf(
        "  baseline: %d issues landed after %.0f s%n",
        issues.size(), (System.currentTimeMillis() - t0) / 1000.0);
    progress.flush();
    return ThroughputFigures.compute(shape, ThroughputBench.events(world, before, issues, t0));
  }

  private void landAll(List<Long> issues, long limitMillis) throws Exception {
    ExecutorService jobs = Executors.newCachedThreadPool();
    ExecutorService ciWaits = Executors.newCachedThreadPool();
    SameProtocolQueue queue =
        new SameProtocolQueue(
            git,
            gitea,
            config.baseBranch(),
            config.mergeParallelism(),
            config.ciTimeout(),
            ciWaits);
    Thread queueThread = new Thread(queue, "same-protocol-queue");
    queueThread.start();
    try {
      retry(gitea::openIssues); // the loop reads its queue of issues
      retry(tmux::ensureSession);
      BlockingQueue<String> panes = new LinkedBlockingQueue<>(config.paneTargets());
      List<Future<?>> running = new ArrayList<>();
      for (long n : issues) {
        String pane = panes.take();
        running.add(jobs.submit(() -> issue(n, pane, panes, queue)));
      }
      long deadline = System.currentTimeMillis() + limitMillis;
      for (Future<?> f : running) {
        f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      }
    } finally {
      queueThread.interrupt();
      jobs.shutdownNow();
      ciWaits.shutdownNow();
    }
  }

  /** One issue, as its job does it; the pane goes back once the PR is open. */
  private Void issue(long n, String pane, BlockingQueue<String> panes, SameProtocolQueue queue)
      throws Exception {
    boolean paneFreed = false;
    String worktree = null;
    try {
      Issue issue = retry(() -> gitea.getIssue(n));
      IssueKind kind = IssueKind.of(issue.title(), issue.labels());
      String branch = Branches.forIssue(kind, n, issue.title());
      String subject = kind.subject(n, issue.title());
      retry(
          () -> {
            git.fetch();
            return null;
          });
      String wt = retry(() -> git.addWorktree(new AddWorktree(branch, base))).path();
      worktree = wt;
      String prompt = "Issue #" + n + ": " + issue.title() + "\n\n" + issue.body();
      JobTicket job =
          retry(() -> agent.dispatch(new JobRequest("issue-" + n + "-" + tag, pane, wt, prompt)));
      int code = awaitExit(Path.of(job.jobDir()));
      if (code != 0) throw new IllegalStateException("#" + n + ": the agent exited " + code);
      retry(() -> git.changes(new ChangesQuery(wt, base))); // the review reads the diff
      if (!retry(() -> tests.runTests(new TestRequest(wt, "issue-" + n))).passed()) {
        throw new IllegalStateException("#" + n + ": the tests failed");
      }
      CommitOutcome commit = retry(() -> git.commit(new CommitRequest(wt, subject, base)));
      if (commit.status() != CommitStatus.COMMITTED) {
        throw new IllegalStateException("#" + n + ": commit " + commit.status());
      }
      PushOutcome pushed = retry(() -> git.push(new PushRequest(wt, branch)));
      if (!pushed.pushed()) throw new IllegalStateException("#" + n + ": push refused");
      String title = "[same-protocol-" + tag + "] " + subject;
      String body = "Closes #" + n;
      String baseBranch = config.baseBranch();
      PullRequest pr =
          retry(
              () ->
                  gitea
                      .findPull(baseBranch, branch)
                      .orElseGet(
                          () -> gitea.createPull(new NewPull(title, body, branch, baseBranch))));
      panes.add(pane);
      paneFreed = true;
      retry(() -> gitea.getPull(pr.number())); // merged meanwhile? as the job reads it
      CompletableFuture<String> landed = new CompletableFuture<>();
      queue.submit(new Ticket(pr.number(), title, body, landed));
      landed.get();
      return null;
    } finally {
      if (!paneFreed) panes.add(pane);
      String wt = worktree;
      if (wt != null) {
        retry(
            () -> {
              git.removeWorktree(new RemoveWorktree(wt, false));
              return null;
            });
      }
    }
  }

  /** The runner's exit code, once it wrote it (atomically, by a rename). */
  private int awaitExit(Path jobDir) throws IOException, InterruptedException {
    Path exit = jobDir.resolve("exit_code");
    long deadline = System.currentTimeMillis() + config.agentTimeout().toMillis();
    while (!Files.exists(exit)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("agent job " + jobDir + " did not end in time");
      }
      Thread.sleep(EXIT_POLL_MILLIS);
    }
    return Integer.parseInt(Files.readString(exit).trim());
  }

  /**
   * Calls {@code call} again after a failure the activity's retry policy would retry (a lock file,
   * a network error): up to 5 attempts, 1 s apart.
   */
  static <T> T retry(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        boolean permanent = e instanceof ApplicationFailure a && a.isNonRetryable();
        if (permanent || attempt >= 5) throw e;
        try {
          Thread.sleep(1000);
        } catch (InterruptedException i) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * The loop's wall time over the baseline's on the same shape, from their landed/h (landed × 3600
   * / the last merge's time since the start): both landed every issue, so this is the ratio of
   * their times to the last merge. NaN when either is not a positive rate.
   */
  static double overheadRatio(double loopPerHour, double baselinePerHour) {
    if (!(loopPerHour > 0) || !(baselinePerHour > 0)) return Double.NaN;
    return baselinePerHour / loopPerHour;
  }
}
