package dev.timmyloop.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus on loopback, scraping one target every second; for tests. Closing kills it.
 */
final class LocalPrometheus implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path log;
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalPrometheus(Process process, Path log, String base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /** Starts Prometheus scraping {@code target} (host:port) as {@code job}; waits until ready. */
  static LocalPrometheus start(Path dir, String job, String target) throws Exception {
    Files.createDirectories(dir);
    Path config =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            String.join(
                "\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: " + job,
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                List.of(
                    BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalPrometheus prometheus = new LocalPrometheus(process, log, "http://127.0.0.1:" + port);
    try {
      prometheus.awaitReady();
    } catch (Exception | AssertionError e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  private void awaitReady() throws Exception {
    long until = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < until) {
      if (!process.isAlive()) throw new AssertionError("prometheus exited: " + logText());
      try {
        if (get("/-/ready").statusCode() == 200) return;
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("prometheus not ready within 60 s: " + logText());
  }

  /**
   * Waits until {@code scrapes} scrapes of the target have started at or after {@code sinceMillis}
   * (the scrape timestamp is when it started).
   */
  void awaitScrapesAfter(long sinceMillis, int scrapes) throws Exception {
    long until = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < until) {
      JsonNode r = query("max(timestamp(up == 1))");
      if (r.size() > 0) {
        double last = r.get(0).get("value").get(1).asDouble() * 1000;
        if (last >= sinceMillis + (scrapes - 1) * 1000L) return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no scrape of the worker after the cycle ended: " + logText());
  }

  /** The {@code result} array of an instant query; fails on a PromQL error. */
  JsonNode query(String promql) throws Exception {
    HttpResponse<String> r =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new AssertionError(
          "query failed (" + r.statusCode() + "): " + promql + ": " + r.body());
    }
    return body.path("data").path("result");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String logText() {
    try {
      String text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
