package dev.timmyloop.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * {@code /metrics} for Prometheus: the SDK reports through a Tally scope into a Micrometer
 * Prometheus registry, served by the JDK's HTTP server (as in samples-java's metrics sample). Port
 * 0 turns it off: then all three parts are null ({@link #scope()} is the service stubs' scope).
 */
public record MetricsEndpoint(PrometheusMeterRegistry registry, Scope scope, HttpServer server)
    implements AutoCloseable {
  /**
   * Timers that last minutes to hours: phases (cycle budget 90 m), agent jobs (60 m), CI waits (30
   * m), whole workflows and activities such as awaitJob. Micrometer's timer buckets stop at 30 s,
   * which would pin their p95 at 30 s; these get buckets up to 4 h.
   */
  private static final Set<String> LONG_TIMERS =
      Set.of(
          "timmy_phase_duration",
          "timmy_agent_job_duration",
          "timmy_ci_wait",
          "temporal_workflow_endtoend_latency",
          "temporal_activity_execution_latency",
          "temporal_activity_succeed_endtoend_latency");

  private static final double LONG_TIMER_MAX_NANOS = Duration.ofHours(4).toNanos();

  private static final MeterFilter HISTOGRAMS =
      new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(
            Meter.Id id, DistributionStatisticConfig config) {
          if (id.getType() != Meter.Type.TIMER) return config;
          DistributionStatisticConfig.Builder histogram =
              DistributionStatisticConfig.builder().percentilesHistogram(true);
          if (LONG_TIMERS.contains(id.getName())) {
            histogram.maximumExpectedValue(LONG_TIMER_MAX_NANOS);
          }
          return histogram.build().merge(config);
        }
      };

  public static MetricsEndpoint start(int port) {
    if (port == 0) return new MetricsEndpoint(null, null, null);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new StartupFailure(
          "cannot serve /metrics on port %s (%s); set metricsPort, 0 = off"
              .formatted(port, e.getMessage()),
          e);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Timers as histograms, so dashboards can take quantiles (x_seconds_bucket) across workers.
    registry.config().meterFilter(HISTOGRAMS);
    // Reported every second, so a scrape right after a workflow sees it.
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    server.createContext("/metrics", exchange -> respond(exchange, registry.scrape()));
    server.start();
    return new MetricsEndpoint(registry, scope, server);
  }

  private static void respond(HttpExchange exchange, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** {@code http://0.0.0.0:9464/metrics}, or {@code off}. */
  public String url() {
    return server == null ? "off" : "http://0.0.0.0:" + server.getAddress().getPort() + "/metrics";
  }

  @Override
  public void close() {
    if (server == null) return;
    server.stop(0);
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      // Only the final report is lost; the process is stopping anyway.
    }
    registry.close();
  }
}
