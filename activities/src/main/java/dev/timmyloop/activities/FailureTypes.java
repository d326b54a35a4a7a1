package dev.timmyloop.activities;

/**
 * Stable {@code ApplicationFailure} types thrown by activities. Workflows and activity options name them
 * as do-not-retry: retrying cannot fix any of them. The type is what the Temporal UI shows first.
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

  private FailureTypes() {}
}
