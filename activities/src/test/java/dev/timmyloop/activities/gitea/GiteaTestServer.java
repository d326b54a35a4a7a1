package dev.timmyloop.activities.gitea;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer replaying recorded Gitea answers, for the cases a real server cannot be made to
 * produce on demand (a 500, a 429, a dropped connection, a malformed body).
 */
final class GiteaTestServer implements AutoCloseable {
  /** Must never appear in any message, result or log line. */
  static final String TOKEN = "SENTINEL-7f3c1d9e-token";

  static final String REPO = "/api/v1/repos/rockachopa/Timmy-time-dashboard";

  final MockWebServer server = new MockWebServer();

  GiteaTestServer() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GiteaOptions options() {
    return options(server.url("/").toString(), () -> TOKEN, Duration.ofSeconds(10), 50);
  }

  GiteaOptions options(String baseUrl, Supplier<String> token, Duration readTimeout, int pageSize) {
    return new GiteaOptions(
        baseUrl,
        "rockachopa",
        "Timmy-time-dashboard",
        token,
        Duration.ofSeconds(10),
        readTimeout,
        Duration.ofSeconds(20),
        pageSize);
  }

  GiteaOptions withToken(Supplier<String> token) {
    return options(server.url("/").toString(), token, Duration.ofSeconds(10), 50);
  }

  GiteaOptions withPageSize(int pageSize) {
    return options(server.url("/").toString(), () -> TOKEN, Duration.ofSeconds(10), pageSize);
  }

  GiteaClient client() {
    return new GiteaClient(options());
  }

  GiteaActivitiesImpl activities() {
    return new GiteaActivitiesImpl(options());
  }

  GiteaTestServer enqueue(int code, String body, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
    if (!body.isEmpty()) b.addHeader("Content-Type", "application/json;charset=utf-8");
    for (int i = 0; i + 1 < headers.length; i += 2) b.addHeader(headers[i], headers[i + 1]);
    server.enqueue(b.build());
    return this;
  }

  GiteaTestServer enqueueRecorded(int code, String name, String... headers) {
    return enqueue(code, recorded(name), headers);
  }

  GiteaTestServer enqueue(MockResponse response) {
    server.enqueue(response);
    return this;
  }

  RecordedRequest take() {
    try {
      RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
      if (r == null) throw new AssertionError("no request arrived");
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every request not yet taken (drains the queue). */
  List<RecordedRequest> takeAll() {
    List<RecordedRequest> all = new ArrayList<>();
    try {
      RecordedRequest r;
      while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) all.add(r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return all;
  }

  static String recorded(String name) {
    String path = "/gitea/responses/" + name;
    try (InputStream in = GiteaTestServer.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalArgumentException("no resource " + path);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String issueJson(long number, String title) {
    return String.format(
        "{\"number\":%d,\"title\":\"%s\",\"body\":\"b\",\"state\":\"open\",\"labels\":[],"
            + "\"created_at\":\"2026-03-01T10:00:00Z\",\"html_url\":\"http://x/issues/%d\","
            + "\"pull_request\":null}",
        number, title, number);
  }

  @Override
  public void close() {
    server.close();
  }
}
