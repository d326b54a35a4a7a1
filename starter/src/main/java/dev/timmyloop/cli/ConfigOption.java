package dev.timmyloop.cli;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config}: the configuration file, read with the {@code TIMMY_*} variables. */
public class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "configuration file (default: $TIMMY_CONFIG, else ./timmy.json if present)")
  Path configFile;

  public TimmyConfig config() {
    return ConfigLoader.load(System.getenv(), configFile);
  }
}
