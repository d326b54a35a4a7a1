package dev.timmyloop.config;

/** A configuration value is missing or invalid. The message names the key; the CLI exits with 2. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
