package dev.timmyloop.workflows.support;

import dev.timmyloop.activities.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * One options object per activity group; every stub is built from one of these. Failures that
 * retrying cannot fix are listed as do-not-retry, so they fail at once with their reason visible in
 * the UI. Long activities enforce their own limits (agent timeout, CI timeout) and heartbeat, so a
 * killed worker is noticed within the heartbeat timeout and the retry re-attaches.
 */
public final class ActivityProfiles {
  private ActivityProfiles() {}

  private static ActivityOptions options(
      Duration startToClose, Duration heartbeat, RetryOptions retry) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(startToClose)
        .setHeartbeatTimeout(heartbeat)
        .setRetryOptions(retry)
        .build();
  }

  private static RetryOptions retry(int attempts, Duration max, String... doNotRetry) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(max)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(doNotRetry)
        .build();
  }

  /**
   * Local git commands: short, a few retries. Every git process beats every 10 s while it runs, so
   * a worker lost mid-command (a dead host) is noticed after the heartbeat timeout, not after the
   * five minutes; with several hosts the retry's schedule-to-start limit then moves the job.
   */
  public static final ActivityOptions GIT =
      options(
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          retry(
              4,
              Duration.ofSeconds(10),
              FailureTypes.GIT_FAILED,
              FailureTypes.PROTECTED_BRANCH,
              FailureTypes.PROTECTED_PATH,
              FailureTypes.CONFIG_INVALID));

  /**
   * Gitea REST calls: 5xx, 429 and network errors retry with back-off; auth and bad requests never
   * do. One call may take 60 s (the client's limit); a task lost to a worker that just died is
   * retried after this start-to-close limit, so it stays short.
   */
  public static final ActivityOptions GITEA =
      options(
          Duration.ofSeconds(75),
          null,
          retry(
              8,
              Duration.ofSeconds(30),
              FailureTypes.GITEA_AUTH,
              FailureTypes.GITEA_NOT_FOUND,
              FailureTypes.GITEA_REJECTED,
              FailureTypes.GITEA_MALFORMED,
              FailureTypes.CONFIG_INVALID));

  /**
   * Waiting for CI on a sha: the activity polls and heartbeats; its own limit is the CI timeout.
   */
  public static final ActivityOptions GITEA_WAIT =
      ActivityOptions.newBuilder(GITEA)
          .setStartToCloseTimeout(Duration.ofHours(6))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .build();

  /** tmux: quick; a missing tmux is not retried. */
  public static final ActivityOptions TMUX =
      options(
          Duration.ofMinutes(1),
          null,
          retry(
              3,
              Duration.ofSeconds(5),
              FailureTypes.TMUX_UNAVAILABLE,
              FailureTypes.PANE_BUSY,
              FailureTypes.INVALID_AGENT_JOB));

  /** Sending a job to a pane. Idempotent: a retry never sends twice. */
  public static final ActivityOptions AGENT_DISPATCH =
      ActivityOptions.newBuilder(TMUX).setStartToCloseTimeout(Duration.ofMinutes(1)).build();

  /**
   * Awaiting an agent job (up to the agent timeout, an hour by default). The heartbeat timeout is
   * what notices a killed worker; the retry re-attaches to the job, which keeps running in its
   * pane.
   */
  public static final ActivityOptions AGENT_AWAIT =
      options(
          Duration.ofHours(6),
          Duration.ofSeconds(20),
          retry(
              20,
              Duration.ofSeconds(10),
              FailureTypes.CONFIG_INVALID,
              FailureTypes.INVALID_AGENT_JOB));

  /**
   * The agent's analysis run (phase 3): worth one more try, not more; the phase goes on without it.
   */
  public static final ActivityOptions ANALYSIS =
      options(
          Duration.ofHours(2),
          Duration.ofSeconds(30),
          retry(
              2,
              Duration.ofSeconds(10),
              FailureTypes.CONFIG_INVALID,
              FailureTypes.INVALID_AGENT_JOB));

  /**
   * Whether the agent can run here (its CLI's version command): quick, a few retries for a busy
   * host; a bad configuration is an answer, not a failure, so nothing else needs excluding.
   */
  public static final ActivityOptions AGENT_CHECK =
      options(
          Duration.ofMinutes(1),
          null,
          retry(3, Duration.ofSeconds(5), FailureTypes.CONFIG_INVALID));

  /** The test command: up to its own time limit, heartbeating. */
  public static final ActivityOptions TESTS =
      options(
          Duration.ofHours(2),
          Duration.ofSeconds(30),
          retry(3, Duration.ofSeconds(10), FailureTypes.CONFIG_INVALID));

  /** State files and settings: local and quick. */
  public static final ActivityOptions STATE =
      options(
          Duration.ofSeconds(30),
          null,
          retry(5, Duration.ofSeconds(5), FailureTypes.CONFIG_INVALID, FailureTypes.INVALID_CLAIM));

  /** Calls to Temporal itself (signal-with-start of the merge queue). */
  public static final ActivityOptions TEMPORAL =
      options(Duration.ofSeconds(30), null, retry(10, Duration.ofSeconds(10)));
}
