package dev.timmyloop.worker;

import dev.timmyloop.activities.BackgroundWaits;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running timmy-loop worker: metrics, connection, factory and one worker on the task queue. */
public final class TimmyWorker implements AutoCloseable {
  /** The task queue every timmy-loop workflow runs on (the {@code taskQueue} default). */
  public static final String TASK_QUEUE = "timmy-loop";

  private static final Logger log = LoggerFactory.getLogger(TimmyWorker.class);
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private final MetricsEndpoint metrics;
  private final TemporalConnection connection;
  private final WorkerFactory factory;
  private final List<BackgroundWaits> waits;
  private final String readyLine;

  private TimmyWorker(
      MetricsEndpoint metrics,
      TemporalConnection connection,
      WorkerFactory factory,
      List<BackgroundWaits> waits,
      String readyLine) {
    this.metrics = metrics;
    this.connection = connection;
    this.factory = factory;
    this.waits = waits;
    this.readyLine = readyLine;
  }

  public static TimmyWorker start(WorkerConfig config) {
    return start(config, worker -> {});
  }

  /**
   * Starts polling; {@code alsoRegister} adds types before the start (tests add a probe workflow).
   */
  public static TimmyWorker start(WorkerConfig config, Consumer<Worker> alsoRegister) {
    TimmyConfig timmy = config.timmy();
    MetricsEndpoint metrics = MetricsEndpoint.start(timmy.metricsPort());
    TemporalConnection connection = null;
    try {
      connection =
          TemporalConnection.connect(
              timmy.temporalAddress(), timmy.namespace(), metrics.scope(), config.connectTimeout());
      boolean testServer = config.testServer() || connection.isTestServer();
      WorkerOptions.Builder options = WorkerOptions.newBuilder();
      // The test server never falls back from a dead worker's sticky queue (platform notes).
      if (testServer) options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
      TemporalConnection conn = connection;
      SearchAttributeWatch attributes =
          new SearchAttributeWatch(
              timmy.namespace(),
              searchAttributes(conn, timmy.namespace(), false),
              () -> searchAttributes(conn, timmy.namespace(), true),
              System::nanoTime);
      WorkerFactory factory =
          WorkerFactory.newInstance(
              connection.client(),
              WorkerFactoryOptions.newBuilder()
                  .setWorkerInterceptors(new ActivityLogging())
                  .build());
      Worker worker = factory.newWorker(timmy.taskQueue(), options.build());
      // Several hosts: this machine's activities on a queue of its own, the rest on the task queue.
      Worker host =
          several(timmy) ? factory.newWorker(Registration.hostQueue(timmy), options.build()) : null;
      List<BackgroundWaits> waits =
          Registration.register(
              worker, host, timmy, connection.client(), attributes, !testServer, config.env());
      if (several(timmy) && !timmy.hosts().contains(timmy.host())) {
        log.warn(
            "host {} is not in hosts {}: no workflow sends work to it",
            timmy.host(),
            timmy.hosts());
      }
      alsoRegister.accept(worker);
      // After the connection, so an unreachable server still fails at once.
      String agent = AgentStartupCheck.run(timmy, config.env());
      factory.start();
      log.debug(
          "polling {} on {}, sticky queues off: {}",
          timmy.taskQueue(),
          timmy.temporalAddress(),
          testServer);
      return new TimmyWorker(
          metrics, connection, factory, waits, readyLine(timmy, testServer, metrics, agent));
    } catch (RuntimeException e) {
      if (connection != null) connection.close();
      metrics.close();
      throw e;
    }
  }

  private static boolean several(TimmyConfig timmy) {
    return timmy.hosts().size() > 1;
  }

  /** Whether the server has the Timmy search attributes (adds them on the test server). */
  private static boolean searchAttributes(
      TemporalConnection connection, String namespace, boolean quiet) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(connection.stubs().getOptions())
                .validateAndBuildWithDefaults());
    try {
      return SearchAttributeSetup.ensure(operator, namespace, quiet);
    } finally {
      operator.shutdown();
      operator.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The one line that tells a person (and a script) the worker is up. */
  public String readyLine() {
    return readyLine;
  }

  private static String readyLine(
      TimmyConfig config, boolean stickyOff, MetricsEndpoint metrics, String agent) {
    return "timmy worker ready: task queue %s%s on %s (namespace %s%s), metrics %s, %s"
        .formatted(
            config.taskQueue(),
            several(config) ? " and " + Registration.hostQueue(config) : "",
            config.temporalAddress(),
            config.namespace(),
            stickyOff ? ", test server: sticky queues off" : "",
            metrics.url(),
            agent);
  }

  public WorkflowClient client() {
    return connection.client();
  }

  /**
   * Stops polling, lets running tasks finish (up to 30 s), then closes the connection and metrics.
   * Background waits end as interrupted, so their retries start at once.
   */
  @Override
  public void close() {
    factory.shutdown();
    waits.forEach(BackgroundWaits::close);
    try {
      factory.awaitTermination(DRAIN.toSeconds(), TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      log.warn("worker did not stop cleanly: {}", e.toString());
    }
    connection.close();
    metrics.close();
  }
}
