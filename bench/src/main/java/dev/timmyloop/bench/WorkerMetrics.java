package dev.timmyloop.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The worker's own {@code /metrics}: the SDK counts every gRPC call of the worker's service stubs
 * ({@code temporal_request}, long polls apart as {@code temporal_long_request}) and publishes each
 * worker's free task slots ({@code temporal_worker_task_slots_available}), reported each second.
 */
final class WorkerMetrics {
  /** Requests, long polls and free activity slots (NaN: no activity worker reported yet). */
  record Reading(double requests, double longPolls, double activitySlotsFree) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;

  WorkerMetrics(int port) {
    uri = URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  /** A port nobody listens on now, for the worker's {@code TIMMY_METRICS_PORT}. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Reading read() throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
    return parse(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
  }

  /**
   * Sums the request counters over their tags; the fewest free slots of any activity worker (the
   * host queue of several hosts has its own).
   */
  static Reading parse(String text) {
    double requests = 0;
    double longPolls = 0;
    double slots = Double.NaN;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) continue;
      int space = line.lastIndexOf(' ');
      int brace = line.indexOf('{');
      String name = line.substring(0, brace < 0 ? space : brace);
      double v;
      try {
        v = Double.parseDouble(line.substring(space + 1));
      } catch (NumberFormatException e) {
        continue;
      }
      switch (name) {
        case "temporal_request_total" -> requests += v;
        case "temporal_long_request_total" -> longPolls += v;
        case "temporal_worker_task_slots_available" -> {
          if (line.contains("worker_type=\"ActivityWorker\""))
            slots = Double.isNaN(slots) ? v : Math.min(slots, v);
        }
        default -> {}
      }
    }
    return new Reading(requests, longPolls, slots);
  }
}
