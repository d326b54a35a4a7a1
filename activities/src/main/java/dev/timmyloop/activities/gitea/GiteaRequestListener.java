package dev.timmyloop.activities.gitea;

/**
 * Told about every Gitea request once it ends, so the worker can count requests and time them (for
 * example as Micrometer metrics) without the client knowing about metrics.
 */
@FunctionalInterface
public interface GiteaRequestListener {
  /** Does nothing. */
  GiteaRequestListener NONE = (endpoint, status, durationNanos) -> {};

  /**
   * @param endpoint the endpoint name, e.g. {@code createIssue} (never a URL)
   * @param status the HTTP status, or 0 when no answer came (timeout, refused, dropped)
   */
  void onRequest(String endpoint, int status, long durationNanos);
}
