package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.ActivityMetrics;

/**
 * Times every Gitea request as {@code timmy_gitea_request_duration{operation,status}} in the
 * current activity's metrics scope; a request made outside an activity is not recorded. {@code
 * status} is the HTTP status, or {@code none} when no answer came.
 */
public final class GiteaMetrics implements GiteaRequestListener {
  public static final GiteaMetrics INSTANCE = new GiteaMetrics();

  private GiteaMetrics() {}

  @Override
  public void onRequest(String endpoint, int status, long durationNanos) {
    ActivityMetrics.time(
        ActivityMetrics.GITEA_REQUEST_DURATION,
        durationNanos,
        "operation",
        endpoint,
        "status",
        status == 0 ? "none" : Integer.toString(status));
  }
}
