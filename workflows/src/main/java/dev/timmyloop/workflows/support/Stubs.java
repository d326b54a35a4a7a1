package dev.timmyloop.workflows.support;

import dev.timmyloop.activities.git.GitActivities;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.activities.temporal.TemporalActivities;
import dev.timmyloop.activities.tmux.TmuxActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Activity stubs built per call, so that every scheduled activity carries a short summary in the
 * Temporal UI ({@code worktree add fix/12-x}, {@code claude on Kimi:0.2 for #12}) and runs where it
 * must: on the workflow's task queue, or on one host's (see {@link Hosts}). Building a stub records
 * nothing in the history; only the call does.
 *
 * <p>Summaries name numbers, branches, panes and shas only, never issue titles or other text from
 * outside.
 */
public final class Stubs {
  private static final int MAX_SUMMARY = 120;
  private static final Stubs SHARED = new Stubs("", null, false);

  private final String host;
  private final Duration scheduleToStart;
  private final boolean realServer;

  private Stubs(String host, Duration scheduleToStart, boolean realServer) {
    this.host = host;
    this.scheduleToStart = scheduleToStart;
    this.realServer = realServer;
  }

  /** Gitea, Temporal and settings: any worker of the workflow's task queue. */
  public static Stubs shared() {
    return SHARED;
  }

  /**
   * Activities that touch {@code host} (the home host when blank); shared with one host. {@code
   * settings.realServer()} picks {@link #callAgainOnLoss}'s path.
   */
  public static Stubs on(LoopSettings settings, String host) {
    if (!Hosts.several(settings)) return SHARED;
    return new Stubs(Hosts.orHome(settings, host), Hosts.timeout(settings), settings.realServer());
  }

  /** The home host's state files and main clone. */
  public static Stubs home(LoopSettings settings) {
    return on(settings, "");
  }

  /** The host these stubs run on; empty when activities are not routed. */
  public String host() {
    return host;
  }

  public <T> T stub(Class<T> type, ActivityOptions profile, String summary) {
    ActivityOptions.Builder options = ActivityOptions.newBuilder(profile).setSummary(clip(summary));
    if (!host.isEmpty()) {
      options
          .setTaskQueue(Hosts.queue(Workflow.getInfo().getTaskQueue(), host))
          .setScheduleToStartTimeout(scheduleToStart);
    }
    return Workflow.newActivityStub(type, options.build());
  }

  /**
   * How often a long host activity is called again on the SDK test server (each call one attempt).
   */
  static final int CALLS = 20;

  /**
   * A long, heartbeating host activity (the agent wait, the tests). With one host, or several on a
   * real server, the server retries it as {@code profile} says; with several, every retry waits at
   * most the host's schedule-to-start limit (the real server arms it on each attempt), so a host
   * whose worker died mid-activity fails the call with {@link Hosts#gone} and the job moves.
   *
   * <p>The SDK test server arms that limit on first attempts only, so a server-side retry on a dead
   * host's queue would wait for ever. There, with several hosts, each call gets one attempt and is
   * made again here: every call is a fresh schedule. A new call re-attaches to what still runs.
   */
  public <A, T> T callAgainOnLoss(
      Class<A> type, ActivityOptions profile, String summary, Function<A, T> call) {
    if (host.isEmpty() || realServer) return call.apply(stub(type, profile, summary));
    RetryOptions retry = profile.getRetryOptions();
    // Null when the profile names no retry options or no do-not-retry types.
    List<String> doNotRetry =
        retry == null || retry.getDoNotRetry() == null ? List.of() : List.of(retry.getDoNotRetry());
    ActivityOptions once =
        ActivityOptions.newBuilder(profile)
            .setRetryOptions(RetryOptions.newBuilder(retry).setMaximumAttempts(1).build())
            .build();
    for (int n = 1; ; n++) {
      try {
        return call.apply(stub(type, once, summary));
      } catch (ActivityFailure e) {
        boolean permanent =
            e.getCause() instanceof ApplicationFailure a
                && (a.isNonRetryable() || doNotRetry.contains(a.getType()));
        boolean cancelled = e.getCause() instanceof CanceledFailure;
        if (n >= CALLS || permanent || cancelled || Hosts.gone(e)) throw e;
        Workflow.sleep(Duration.ofSeconds(Math.min(10, n)));
      }
    }
  }

  public GitActivities git(String summary) {
    return stub(GitActivities.class, ActivityProfiles.GIT, summary);
  }

  public GiteaActivities gitea(String summary) {
    return stub(GiteaActivities.class, ActivityProfiles.GITEA, summary);
  }

  public StateFileActivities state(String summary) {
    return stub(StateFileActivities.class, ActivityProfiles.STATE, summary);
  }

  public TmuxActivities tmux(String summary) {
    return stub(TmuxActivities.class, ActivityProfiles.TMUX, summary);
  }

  public TemporalActivities temporal(String summary) {
    return stub(TemporalActivities.class, ActivityProfiles.TEMPORAL, summary);
  }

  static String clip(String summary) {
    String s = summary == null ? "" : summary.replaceAll("\\p{Cntrl}", " ");
    return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 1) + "…";
  }
}
