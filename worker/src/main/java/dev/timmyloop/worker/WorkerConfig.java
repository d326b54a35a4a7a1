package dev.timmyloop.worker;

import dev.timmyloop.config.TimmyConfig;
import java.time.Duration;
import java.util.Map;

/**
 * How to run the worker.
 *
 * @param testServer the frontend is known to be Temporal's test server ({@code ./timmy server}, the
 *     demo). The worker also detects it by itself; this flag only forces it. With it, sticky task
 *     queues are turned off: the test server keeps routing workflow tasks to a dead worker's sticky
 *     queue and never falls back (platform notes), so a restarted worker would never move a
 *     workflow on.
 * @param connectTimeout how long the first call to the frontend may take before it counts as
 *     unreachable
 * @param env the environment agents and the start-up agent check take {@code PATH}, {@code HOME}
 *     and their variables from (the worker's own; tests pass theirs)
 */
public record WorkerConfig(
    TimmyConfig timmy, boolean testServer, Duration connectTimeout, Map<String, String> env) {

  public WorkerConfig(TimmyConfig timmy, boolean testServer, Duration connectTimeout) {
    this(timmy, testServer, connectTimeout, System.getenv());
  }

  public static WorkerConfig of(TimmyConfig timmy) {
    return new WorkerConfig(timmy, false, Duration.ofSeconds(10));
  }

  public WorkerConfig withTestServer(boolean value) {
    return new WorkerConfig(timmy, value, connectTimeout, env);
  }

  public WorkerConfig withEnv(Map<String, String> value) {
    return new WorkerConfig(timmy, testServer, connectTimeout, Map.copyOf(value));
  }
}
