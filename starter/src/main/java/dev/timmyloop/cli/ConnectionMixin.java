package dev.timmyloop.cli;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where Temporal is: the configuration, with the command line winning over {@code TIMMY_*}. */
public class ConnectionMixin extends ConfigOption {
  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend (temporalAddress)")
  String address;

  @Option(names = "--namespace", description = "Temporal namespace (namespace)")
  String namespace;

  @Option(names = "--task-queue", description = "task queue (taskQueue)")
  String taskQueue;

  /** Options become environment entries, so the loader validates them like any other value. */
  @Override
  public TimmyConfig config() {
    Map<String, String> env = new HashMap<>(System.getenv());
    put(env, "temporalAddress", address);
    put(env, "namespace", namespace);
    put(env, "taskQueue", taskQueue);
    return ConfigLoader.load(env, configFile);
  }

  /** The options as given, for a command that starts another with the same connection. */
  public List<String> given() {
    List<String> args = new ArrayList<>();
    if (configFile != null)
      args.addAll(List.of("--config", configFile.toAbsolutePath().toString()));
    if (address != null) args.addAll(List.of("--address", address));
    if (namespace != null) args.addAll(List.of("--namespace", namespace));
    if (taskQueue != null) args.addAll(List.of("--task-queue", taskQueue));
    return args;
  }

  public static TemporalConnection connect(TimmyConfig config) {
    return TemporalConnection.connect(
        config.temporalAddress(), config.namespace(), Duration.ofSeconds(5));
  }

  private static void put(Map<String, String> env, String key, String value) {
    if (value != null) env.put(ConfigLoader.envName(key), value);
  }
}
