package dev.timmyloop.cli.ops;

import static java.util.concurrent.CompletableFuture.supplyAsync;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.activities.gitea.GiteaException;
import dev.timmyloop.activities.state.StateFileActivities.LoopState;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads everything the panel shows, the independent reads in parallel (the old panel's loop of
 * shell calls took seconds; this stays under two against the sandbox).
 */
public record PanelReader(TimmyConfig config, Clock clock) {
  /**
   * One deadline for all reads together: a slow source is shown as such, the screen still comes.
   */
  private static final long WAIT_MILLIS = 10_000;

  /** What each source answered; a failed read is its message, never an exception. */
  record Reads(
      Result<TemporalProbe.Answer> temporal,
      Result<List<GiteaActivities.Issue>> issues,
      Result<List<PullView>> pulls,
      Result<List<PaneStatus>> panes,
      Result<LoopState> state,
      Result<List<String>> lastFailures) {}

  record PullView(GiteaActivities.PullRequest pull, String ci) {}

  record Result<T>(T value, String error) {
    boolean ok() {
      return error == null;
    }
  }

  public Panel read() {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(6, r -> daemon(r));
    try {
      var temporal = supplyAsync(() -> TemporalProbe.probe(config), pool);
      var gitea = supplyAsync(() -> new GiteaClient(GiteaActivitiesImpl.optionsFrom(config)), pool);
      var issues = gitea.thenApplyAsync(c -> c.openIssues(), pool);
      var pulls = gitea.thenApplyAsync(c -> pullViews(c), pool);
      var panes = supplyAsync(() -> new TmuxActivitiesImpl(config).paneStatus(), pool);
      var state = supplyAsync(() -> new StateFileActivitiesImpl(config, clock).readState(), pool);
      var failures = supplyAsync(() -> StateFacts.lastFailures(config.stateDir()), pool);
      long deadline = start + WAIT_MILLIS * 1_000_000;
      Reads reads =
          new Reads(
              get(temporal, deadline),
              get(issues, deadline),
              get(pulls, deadline),
              get(panes, deadline),
              get(state, deadline),
              get(failures, deadline));
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new PanelView(config, clock).panel(reads, millis);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<PullView> pullViews(GiteaClient c) {
    return c.openPulls().stream().map(p -> new PullView(p, ciState(c, p))).toList();
  }

  private static String ciState(GiteaClient c, GiteaActivities.PullRequest p) {
    try {
      GiteaActivities.CombinedStatus s = c.combinedStatus(p.headSha());
      return s.statuses().isEmpty() ? "no CI yet" : s.state();
    } catch (RuntimeException e) {
      return "CI unknown (" + message(e) + ")";
    }
  }

  private static <T> Result<T> get(CompletableFuture<T> f, long deadlineNanos) {
    try {
      long left = Math.max(1, deadlineNanos - System.nanoTime());
      return new Result<>(f.get(left, TimeUnit.NANOSECONDS), null);
    } catch (java.util.concurrent.TimeoutException e) {
      return new Result<>(null, "no answer within " + WAIT_MILLIS / 1000 + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return new Result<>(null, message(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result<>(null, "interrupted");
    }
  }

  /** One line; a 401/403 says so plainly. Gitea messages never carry the token. */
  static String message(Throwable e) {
    if (e instanceof GiteaException g && (g.status() == 401 || g.status() == 403)) {
      return g.status() + ": token rejected (check giteaTokenFile)";
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "ops-panel");
    t.setDaemon(true);
    return t;
  }
}
