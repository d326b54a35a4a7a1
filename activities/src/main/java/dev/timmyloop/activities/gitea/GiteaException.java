package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;

/**
 * A Gitea call that did not give the answer we need. Its message names the HTTP status (0 when no
 * answer came), the endpoint and the server's own {@code message}; never headers, URLs or the
 * token.
 *
 * <p>{@link #ofStatus} is the one place that maps a status code to a {@link Kind}, and {@link
 * #toFailure()} the one place that turns a kind into a Temporal failure.
 */
public final class GiteaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as far as retrying is concerned. */
  public enum Kind {
    AUTH(FailureTypes.GITEA_AUTH, false),
    NOT_FOUND(FailureTypes.GITEA_NOT_FOUND, false),
    REJECTED(FailureTypes.GITEA_REJECTED, false),
    MALFORMED(FailureTypes.GITEA_MALFORMED, false),
    RATE_LIMITED(FailureTypes.GITEA_RATE_LIMITED, true),
    UNAVAILABLE(FailureTypes.GITEA_UNAVAILABLE, true);

    final String failureType;
    final boolean retryable;

    Kind(String failureType, boolean retryable) {
      this.failureType = failureType;
      this.retryable = retryable;
    }
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  private GiteaException(
      Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** A non-2xx answer that is not an expected value of its endpoint. */
  public static GiteaException ofStatus(
      int status, String endpoint, String serverMessage, Duration retryAfter) {
    Kind kind;
    if (status == 401 || status == 403) kind = Kind.AUTH;
    else if (status == 404) kind = Kind.NOT_FOUND;
    else if (status == 429) kind = Kind.RATE_LIMITED;
    else if (status >= 400 && status < 500) kind = Kind.REJECTED;
    else kind = Kind.UNAVAILABLE; // 5xx, and anything stranger (1xx/3xx that was not followed)
    String said = serverMessage == null || serverMessage.isBlank() ? "(no message)" : serverMessage;
    String hint = kind == Kind.AUTH ? " (check giteaTokenFile)" : "";
    String message = "Gitea " + status + " on " + endpoint + ": " + said + hint;
    return new GiteaException(kind, status, retryAfter, message, null);
  }

  /** A 2xx whose body is not the JSON the endpoint promises. */
  public static GiteaException malformed(int status, String endpoint, String detail) {
    String message = "Gitea " + status + " on " + endpoint + " gave malformed JSON: " + detail;
    return new GiteaException(Kind.MALFORMED, status, null, message, null);
  }

  /** No answer: refused, timed out, dropped mid-response. */
  public static GiteaException unreachable(String endpoint, IOException e) {
    String message =
        "Gitea unreachable on %s: %s: %s"
            .formatted(endpoint, e.getClass().getSimpleName(), e.getMessage());
    return new GiteaException(Kind.UNAVAILABLE, 0, null, message, e);
  }

  /** No usable token; {@code problem} names where it came from (a file path), never the token. */
  public static GiteaException badToken(String problem) {
    String message = problem + " (check giteaTokenFile)";
    return new GiteaException(Kind.AUTH, 0, null, message, null);
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The Temporal failure for this: non-retryable for AUTH/NOT_FOUND/REJECTED/MALFORMED. */
  public ApplicationFailure toFailure() {
    ApplicationFailure.Builder b =
        ApplicationFailure.newBuilder()
            .setMessage(getMessage())
            .setType(kind.failureType)
            .setNonRetryable(!kind.retryable);
    if (retryAfter != null) b.setNextRetryDelay(retryAfter);
    if (getCause() != null) b.setCause(getCause());
    return b.build();
  }
}
