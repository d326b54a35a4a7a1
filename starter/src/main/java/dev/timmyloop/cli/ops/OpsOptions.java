package dev.timmyloop.cli.ops;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration of an ops command: the file, then {@code TIMMY_*}, the command line last. */
public class OpsOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "configuration file (default: $TIMMY_CONFIG, else ./timmy.json if present)")
  Path configFile;

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend (temporalAddress)")
  String address;

  TimmyConfig config() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (address != null) env.put(ConfigLoader.envName("temporalAddress"), address);
    return ConfigLoader.load(env, configFile);
  }
}
