package dev.timmyloop.sandbox;

import dev.timmyloop.sandbox.ForgeRepo.CiRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gitea Actions stand-in: each pushed head gets a run that posts {@code pending}, runs the
 * repository's test command on an export of that commit, keeps the full log and posts {@code
 * success}/{@code failure} with a target_url to the run; a push cancels the unfinished runs of its
 * branch, as Gitea does. Two runners by default, so pushes queue; {@link #configure} sets their
 * number and a least duration per run (a real CI's 10 minutes, shorter).
 */
final class CiRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CiRunner.class);

  private final SandboxForge forge;
  private final Path workRoot;
  private final Path logsDir;
  private final ThreadPoolExecutor executor;
  private volatile Duration least = Duration.ZERO;
  private final AtomicInteger inflight = new AtomicInteger();
  private final AtomicLong runIds = new AtomicLong();
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  /** Set by {@link #stop}: pushes after it get no run. */
  private volatile boolean stopped;

  CiRunner(SandboxForge forge, Path stateDir) {
    this.forge = forge;
    this.workRoot = stateDir.resolve("ci");
    this.logsDir = stateDir.resolve("ci-logs");
    this.executor =
        new ThreadPoolExecutor(
            2,
            2,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "sandbox-ci");
              t.setDaemon(true);
              return t;
            });
  }

  /** {@code runners} runs at once; each takes at least {@code least} (it waits out the rest). */
  synchronized void configure(int runners, Duration least) {
    if (runners < 1)
      throw new IllegalArgumentException("CI runners must be at least 1: " + runners);
    if (least.isNegative()) throw new IllegalArgumentException("CI delay is negative: " + least);
    // the maximum may never drop below the core size, so the order depends on the direction
    if (runners > executor.getMaximumPoolSize()) executor.setMaximumPoolSize(runners);
    executor.setCorePoolSize(runners);
    executor.setMaximumPoolSize(runners);
    this.least = least;
  }

  /** The default test command: {@code tox -e unit} where tox is installed, else plain unittest. */
  static List<String> defaultTestCommand() {
    return Files.isExecutable(Path.of("/usr/bin/tox"))
        ? List.of("tox", "-e", "unit")
        : List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-v");
  }

  void trigger(ForgeRepo repo, String sha, String branch) {
    if (stopped) {
      log.info("CI is stopped: no run for {} {}", branch, sha);
      return;
    }
    cancelSuperseded(repo, branch);
    long id = runIds.incrementAndGet();
    Path runLog = logsDir.resolve(repo.owner + "+" + repo.name + "-" + id + ".log");
    CiRun run = new CiRun(id, sha, branch, runLog, Instant.now());
    synchronized (repo) {
      repo.runs.put(id, run);
    }
    inflight.incrementAndGet();
    String url = ActionsApi.htmlUrl(forge.views(), repo, run);
    forge.postStatus(repo, sha, "pending", ActionsApi.CONTEXT, "Waiting to run", url);
    try {
      executor.submit(
          () -> {
            try {
              execute(repo, run, url);
            } catch (RuntimeException e) {
              log.warn("CI run {} crashed", id, e);
            } finally {
              runEnded();
            }
          });
    } catch (RejectedExecutionException e) {
      // stopped between the check and the submit
      run.status = "completed";
      run.conclusion = "cancelled";
      runEnded();
    }
  }

  /**
   * Gitea cancels the unfinished runs of a branch when a new push to it comes (CancelPreviousJobs
   * on push), and posts failure "Has been cancelled" on their shas: a queued run never starts, a
   * running one is killed.
   */
  private void cancelSuperseded(ForgeRepo repo, String branch) {
    List<CiRun> older;
    synchronized (repo) {
      older =
          repo.runs.values().stream()
              .filter(r -> r.branch.equals(branch) && !"completed".equals(r.status))
              .toList();
    }
    for (CiRun r : older) {
      synchronized (r) {
        r.cancelled = true;
        if (r.worker != null) r.worker.interrupt();
      }
    }
  }

  private void runEnded() {
    if (inflight.decrementAndGet() == 0) {
      synchronized (inflight) {
        inflight.notifyAll();
      }
    }
  }

  int inflight() {
    return inflight.get();
  }

  /** Waits until no run is queued or running; false on timeout. */
  boolean awaitIdle(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (inflight) {
      while (inflight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(inflight, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }
    return true;
  }

  /**
   * Stops the runner: no run starts for a later push; the runs queued or running may finish within
   * {@code max}, then are cancelled (their processes killed, their checkouts deleted). Returns when
   * the runner's threads have ended; true if every run finished by itself.
   */
  boolean stop(Duration max) throws InterruptedException {
    stopped = true;
    executor.shutdown();
    if (executor.awaitTermination(max.toMillis(), TimeUnit.MILLISECONDS)) return true;
    // runs still queued never start: they count as ended
    executor.shutdownNow().forEach(never -> runEnded());
    if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("sandbox CI runs did not end after being cancelled");
    }
    return false;
  }

  private void execute(ForgeRepo repo, CiRun run, String url) {
    synchronized (run) {
      run.startedAt = Instant.now();
      if (run.cancelled) {
        finish(repo, run, url, "failure", "Has been cancelled", "cancelled");
        return;
      }
      run.status = "in_progress";
      run.worker = Thread.currentThread();
    }
    Path dir = workRoot.resolve(repo.owner + "+" + repo.name + "-" + run.id);
    List<String> command = repo.testCommand;
    String state;
    String description;
    Process p = null;
    try {
      Files.createDirectories(logsDir);
      append(
          run.log,
          String.format(
              "== sandbox CI run %d of %s on %s @ %s\n$ %s\n",
              run.id, repo.fullName(), run.branch, run.sha, String.join(" ", command)));
      GitOps.export(repo.gitDir, run.sha, dir);
      ProcessBuilder pb =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(run.log.toFile()));
      pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
      pb.environment().put("CI", "true");
      pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
      p = pb.start();
      boolean done = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
      }
      Duration rest = least.minus(Duration.between(run.startedAt, Instant.now()));
      if (!rest.isNegative() && !rest.isZero()) Thread.sleep(rest.toMillis());
      long secs = Duration.between(run.startedAt, Instant.now()).toSeconds();
      int exit = done ? p.exitValue() : -1;
      String end = done ? "exit code " + exit : "timed out after " + TIMEOUT;
      append(run.log, "\n== " + end + " (" + secs + "s)\n");
      state = done && exit == 0 ? "success" : "failure";
      description =
          state.equals("success") ? "Successful in " + secs + "s" : "Failing after " + secs + "s";
    } catch (IOException | RuntimeException e) {
      append(run.log, "\n== CI could not run: " + e + "\n");
      state = "error";
      description = "Has been cancelled";
    } catch (InterruptedException e) {
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
          // the checkout is deleted next: the killed command must be gone first
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException again) {
          // deleting anyway
        }
      }
      // A superseded run was interrupted on purpose; a stopping runner keeps the interrupt.
      if (!run.cancelled) Thread.currentThread().interrupt();
      state = "error";
      description = "Has been cancelled";
    } finally {
      GitOps.deleteTree(dir);
      synchronized (run) {
        run.worker = null;
        if (run.cancelled) Thread.interrupted();
      }
    }
    // A run that finished green before its cancel came stays green.
    boolean cancelled = run.cancelled && !state.equals("success");
    if (cancelled) {
      state = "failure"; // Gitea posts a cancelled job as failure
      description = "Has been cancelled";
    }
    String conclusion = cancelled ? "cancelled" : state.equals("success") ? "success" : "failure";
    finish(repo, run, url, state, description, conclusion);
  }

  private void finish(
      ForgeRepo repo, CiRun run, String url, String state, String description, String conclusion) {
    run.conclusion = conclusion;
    run.completedAt = Instant.now();
    run.status = "completed";
    log.info("CI run {} on {} {}: {}", run.id, run.branch, run.sha, run.conclusion);
    forge.postStatus(repo, run.sha, state, ActionsApi.CONTEXT, description, url);
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("cannot write CI log {}", file, e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      // A run still writing its checkout must finish before anyone deletes the folder.
      executor.awaitTermination(15, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
