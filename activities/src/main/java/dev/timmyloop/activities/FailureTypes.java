package dev.timmyloop.activities;

/**
 * Every stable {@code ApplicationFailure} type the loop throws, in one place. The activity options
 * (ActivityProfiles) name the non-retryable ones as do-not-retry; the type is what the Temporal UI
 * shows first.
 */
public final class FailureTypes {
  /** Gitea answered 401 or 403: the token is missing, wrong or lacks a scope. */
  public static final String GITEA_AUTH = "GiteaAuth";

  /** Gitea answered 404: the owner, repository, issue or pull request does not exist. */
  public static final String GITEA_NOT_FOUND = "GiteaNotFound";

  /** Gitea answered 422 (or another 4xx we do not map): the request itself is wrong. */
  public static final String GITEA_REJECTED = "GiteaRejected";

  /** Gitea answered 2xx with a body that is not the JSON we expect. */
  public static final String GITEA_MALFORMED = "GiteaMalformed";

  /** Gitea answered 429: retried after the server's Retry-After, not the policy's back-off. */
  public static final String GITEA_RATE_LIMITED = "GiteaRateLimited";

  /** A push to main or another protected branch was asked for. The loop never pushes there. */
  public static final String PROTECTED_BRANCH = "ProtectedBranch";

  /** A change touches a protected path (tox.ini, pyproject.toml, CI config, .githooks/). */
  public static final String PROTECTED_PATH = "ProtectedPath";

  /** The tmux server or session is gone and could not be created. */
  public static final String TMUX_UNAVAILABLE = "TmuxUnavailable";

  /** The configuration is invalid (a path that does not exist, a value that does not parse). */
  public static final String CONFIG_INVALID = "ConfigInvalid";

  /** A git command failed in a way retrying cannot fix (not a repository, unknown ref). */
  public static final String GIT_FAILED = "GitFailed";

  // Retryable: the activity's retry policy owns these.

  /** Gitea answered 5xx, timed out or dropped the connection. */
  public static final String GITEA_UNAVAILABLE = "GiteaUnavailable";

  /** A git command ran out of time. */
  public static final String GIT_TIMEOUT = "GitTimeout";

  /** A git command failed in a way another attempt may not (a lock, the network). */
  public static final String GIT_RETRYABLE = "GitRetryable";

  /** The worker was interrupted (shutting down) while waiting on a job; the job keeps running. */
  public static final String WORKER_INTERRUPTED = "WorkerInterrupted";

  /** An analysis agent exited without a usable answer. */
  public static final String AGENT_FAILED = "AgentFailed";

  /** An analysis agent did not finish in time. */
  public static final String AGENT_TIMEOUT = "AgentTimeout";

  // Non-retryable, and expected in normal operation (not filed as findings).

  /** A person's program or another job runs in the pane: starting a job would kill it. */
  public static final String PANE_BUSY = "PaneBusy";

  /** A claim without an owner or with a ttl that is not positive. */
  public static final String INVALID_CLAIM = "InvalidClaim";

  // Non-retryable.

  /**
   * The agent request cannot work as given: a bad job id, a missing worktree, a prompt too long.
   */
  public static final String INVALID_AGENT_JOB = "InvalidAgentJob";

  /** {@code agentSandbox} is {@code bwrap} but bwrap cannot run here; no retry fixes that. */
  public static final String AGENT_SANDBOX_MISSING = "AgentSandboxMissing";

  /** The agent cannot run as configured, so no attempt can help (thrown by the workflows). */
  public static final String AGENT_UNUSABLE = "AgentUnusable";

  private FailureTypes() {}
}
