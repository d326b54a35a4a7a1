package dev.timmyloop.cli;

import dev.timmyloop.config.ConfigException;
import dev.timmyloop.config.ConfigLoader;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 90s}, {@code 5m}, {@code 1h30m}: the same forms as the configuration. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return ConfigLoader.parseDuration("duration", value);
    } catch (ConfigException e) {
      throw new TypeConversionException("'" + value + "' is not a duration (like 90s, 5m, 1h30m)");
    }
  }
}
