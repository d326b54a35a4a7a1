package dev.timmyloop.activities.gitea;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything {@link GiteaClient} needs to reach one repository. Immutable; build it with {@link
 * #builder()} or change a copy with {@link Builder#from(GiteaOptions)}.
 *
 * <p>The token is held only as a {@link Supplier}, read on every request, so a rotated token file
 * is picked up and {@link #toString()} has nothing secret to print.
 */
public final class GiteaOptions {
  /** Gitea's own server maximum ({@code [api] MAX_RESPONSE_ITEMS}) by default. */
  public static final int MAX_PAGE_SIZE = 50;

  private final String baseUrl;
  private final String owner;
  private final String repo;
  private final Supplier<String> token;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final int pageSize;
  private final GiteaRequestListener listener;

  private GiteaOptions(Builder b) {
    this.baseUrl = stripSlashes(Objects.requireNonNull(b.baseUrl, "baseUrl"));
    this.owner = requireText(b.owner, "owner");
    this.repo = requireText(b.repo, "repo");
    this.token = Objects.requireNonNull(b.token, "token");
    this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
    this.readTimeout = positive(b.readTimeout, "readTimeout");
    this.callTimeout = positive(b.callTimeout, "callTimeout");
    if (b.pageSize < 1 || b.pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "pageSize must be 1.." + MAX_PAGE_SIZE + ": " + b.pageSize);
    }
    this.pageSize = b.pageSize;
    this.listener = Objects.requireNonNull(b.listener, "listener");
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Server root without a trailing slash, e.g. {@code http://localhost:3000}; {@code /api/v1} is
   * added.
   */
  public String baseUrl() {
    return baseUrl;
  }

  public String owner() {
    return owner;
  }

  public String repo() {
    return repo;
  }

  /**
   * Called once per request; may throw a {@link GiteaException} of kind AUTH (unreadable token
   * file).
   */
  public Supplier<String> token() {
    return token;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  public int pageSize() {
    return pageSize;
  }

  public GiteaRequestListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "GiteaOptions{baseUrl="
        + baseUrl
        + ", repo="
        + owner
        + "/"
        + repo
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", callTimeout="
        + callTimeout
        + ", pageSize="
        + pageSize
        + ", token=<supplier>}";
  }

  private static String stripSlashes(String url) {
    return url.trim().replaceAll("/+$", "");
  }

  private static String requireText(String s, String name) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException(name + " must not be blank");
    return s;
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  /** Defaults: connect 10 s, read 30 s, whole call 60 s, 50 items a page, no listener. */
  public static final class Builder {
    private String baseUrl = "http://localhost:3000";
    private String owner;
    private String repo;
    private Supplier<String> token;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(60);
    private int pageSize = MAX_PAGE_SIZE;
    private GiteaRequestListener listener = GiteaRequestListener.NONE;

    private Builder() {}

    public static Builder from(GiteaOptions o) {
      return new Builder()
          .baseUrl(o.baseUrl)
          .owner(o.owner)
          .repo(o.repo)
          .token(o.token)
          .connectTimeout(o.connectTimeout)
          .readTimeout(o.readTimeout)
          .callTimeout(o.callTimeout)
          .pageSize(o.pageSize)
          .listener(o.listener);
    }

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder repo(String repo) {
      this.repo = repo;
      return this;
    }

    public Builder token(Supplier<String> token) {
      this.token = token;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    public Builder listener(GiteaRequestListener listener) {
      this.listener = listener;
      return this;
    }

    public GiteaOptions build() {
      return new GiteaOptions(this);
    }
  }
}
