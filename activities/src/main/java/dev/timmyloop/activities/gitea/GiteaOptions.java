package dev.timmyloop.activities.gitea;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything {@link GiteaClient} needs to reach one repository; a bad value fails here, not on the
 * first request.
 *
 * @param baseUrl server root, e.g. {@code http://localhost:3000} ({@code /api/v1} is added);
 *     trailing slashes are dropped
 * @param token read on every request, so a rotated token file is picked up; may throw a {@link
 *     GiteaException} of kind AUTH (unreadable token file). {@link #toString()} never shows it.
 * @param pageSize items asked for a page, 1..{@link #MAX_PAGE_SIZE}
 */
public record GiteaOptions(
    String baseUrl,
    String owner,
    String repo,
    Supplier<String> token,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int pageSize) {
  /** Gitea's own server maximum ({@code [api] MAX_RESPONSE_ITEMS}) by default. */
  public static final int MAX_PAGE_SIZE = 50;

  public GiteaOptions {
    baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").trim().replaceAll("/+$", "");
    if (baseUrl.isEmpty()) throw new IllegalArgumentException("baseUrl must not be blank");
    requireText(owner, "owner");
    requireText(repo, "repo");
    Objects.requireNonNull(token, "token");
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    positive(callTimeout, "callTimeout");
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ": " + pageSize);
    }
  }

  /** Connect 10 s, read 30 s, whole call 60 s, {@link #MAX_PAGE_SIZE} items a page. */
  public static GiteaOptions of(String baseUrl, String owner, String repo, Supplier<String> token) {
    return new GiteaOptions(
        baseUrl,
        owner,
        repo,
        token,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        MAX_PAGE_SIZE);
  }

  @Override
  public String toString() {
    return String.format(
        "GiteaOptions{baseUrl=%s, repo=%s/%s, connect/read/call=%s/%s/%s, pageSize=%d,"
            + " token=<supplier>}",
        baseUrl, owner, repo, connectTimeout, readTimeout, callTimeout, pageSize);
  }

  private static void requireText(String s, String name) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
