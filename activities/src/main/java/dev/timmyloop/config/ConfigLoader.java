package dev.timmyloop.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link TimmyConfig}: defaults, then {@code timmy.json} (or the file named by {@code
 * TIMMY_CONFIG}), then {@code TIMMY_<KEY>} environment variables, later ones winning. Keys are
 * camelCase in the file and upper snake case in the environment: {@code giteaUrl} is {@code
 * TIMMY_GITEA_URL}.
 */
public final class ConfigLoader {
  /** Every key with its default, in the order the README's table lists them. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private ConfigLoader() {}

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("temporalAddress", "localhost:7233");
    d.put("namespace", "default");
    d.put("taskQueue", "timmy-loop");
    d.put("host", "");
    d.put("hosts", "");
    d.put("hostTimeout", "5m");
    d.put("giteaUrl", "http://localhost:3000");
    d.put("giteaOwner", "rockachopa");
    d.put("giteaRepo", "Timmy-time-dashboard");
    d.put("giteaTokenFile", "~/.hermes/gitea_token");
    d.put("giteaTimeout", "30s");
    d.put("repoPath", "~/Timmy-Time-dashboard");
    d.put("baseBranch", "main");
    d.put("remote", "origin");
    d.put("stateDir", ".loop");
    d.put("correspondenceFile", "workspace/correspondence.md");
    d.put("worktreeRoot", "~/worktrees");
    d.put(
        "protectedPaths",
        "tox.ini,pyproject.toml,setup.cfg,.gitea/,.github/,.githooks/,.pre-commit-config.yaml");
    d.put("protectedBranches", "main,master");
    d.put("tmuxSession", "Kimi");
    d.put("tmuxSocket", "");
    d.put("tmuxConf", "");
    d.put("panes", "4");
    d.put("agent", "kimi-cli");
    d.put("agentCommand", "");
    d.put("agentEnv", "");
    d.put("agentTimeout", "60m");
    d.put("agentSilence", "10m");
    d.put("agentSandbox", "auto");
    d.put("agentCompletesOnEndLine", "false");
    d.put("promptTemplate", "");
    d.put("testCommand", "tox -e unit");
    d.put("formatCommand", "tox -e format");
    d.put("testTimeout", "15m");
    d.put("ciTimeout", "30m");
    d.put("mergeMode", "serial");
    d.put("mergeParallelism", "4");
    d.put("maxDispatch", "4");
    d.put("maxFiledPerCycle", "3");
    d.put("maxFindingsPerCycle", "5");
    d.put("claimTtl", "2h");
    d.put("cycleBudget", "90m");
    d.put("loopPause", "5m");
    d.put("metricsPort", "9464");
    d.put("logFormat", "text");
    return java.util.Collections.unmodifiableMap(d);
  }

  /** Loads from the working directory's {@code timmy.json} (if any) and the process environment. */
  public static TimmyConfig load() {
    return load(System.getenv(), null);
  }

  /**
   * Loads with an explicit environment and config file. A {@code null} file means {@code
   * TIMMY_CONFIG} from the environment, else {@code ./timmy.json} when it exists. A file named
   * explicitly must exist.
   */
  public static TimmyConfig load(Map<String, String> env, Path file) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    boolean explicit = file != null || env.containsKey("TIMMY_CONFIG");
    Path path = file != null ? file : Path.of(env.getOrDefault("TIMMY_CONFIG", "timmy.json"));
    if (Files.exists(path)) {
      values.putAll(readFile(path));
    } else if (explicit) {
      throw new ConfigException("config", "file " + path + " does not exist");
    }
    for (String key : DEFAULTS.keySet()) {
      String v = env.get(envName(key));
      if (v != null) values.put(key, v);
    }
    return build(values, env);
  }

  /** {@code giteaUrl} → {@code TIMMY_GITEA_URL}. */
  public static String envName(String key) {
    return "TIMMY_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static Map<String, String> readFile(Path path) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(path));
    } catch (JsonProcessingException e) {
      throw new ConfigException("config", path + " is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("config", "cannot read " + path + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException("config", path + " must hold one JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!DEFAULTS.containsKey(e.getKey())) {
        throw new ConfigException(
            e.getKey(), "unknown key in " + path + " (known: " + DEFAULTS.keySet() + ")");
      }
      JsonNode v = e.getValue();
      if (v.isArray()) {
        List<String> items = new ArrayList<>();
        v.forEach(n -> items.add(n.asText()));
        out.put(e.getKey(), String.join(",", items));
      } else if (v.isValueNode()) {
        out.put(e.getKey(), v.asText());
      } else {
        throw new ConfigException(e.getKey(), "must be a string, number or list");
      }
    }
    return out;
  }

  private static TimmyConfig build(Map<String, String> v, Map<String, String> env) {
    Path repo = path(v, "repoPath", env, null);
    String host = v.get("host").isBlank() ? localHostName() : v.get("host").trim();
    String giteaUrl = v.get("giteaUrl").trim();
    try {
      URI uri = URI.create(giteaUrl);
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("giteaUrl", "'" + giteaUrl + "' is not an http(s) URL");
    }
    Path stateDir = path(v, "stateDir", env, repo);
    return new TimmyConfig(
        nonBlank(v, "temporalAddress"),
        nonBlank(v, "namespace"),
        nonBlank(v, "taskQueue"),
        host,
        hosts(v, host),
        duration(v, "hostTimeout"),
        giteaUrl.replaceAll("/+$", ""),
        nonBlank(v, "giteaOwner"),
        nonBlank(v, "giteaRepo"),
        path(v, "giteaTokenFile", env, null),
        duration(v, "giteaTimeout"),
        repo,
        nonBlank(v, "baseBranch"),
        nonBlank(v, "remote"),
        stateDir,
        path(v, "correspondenceFile", env, repo),
        path(v, "worktreeRoot", env, null),
        list(v, "protectedPaths"),
        list(v, "protectedBranches"),
        nonBlank(v, "tmuxSession"),
        v.get("tmuxSocket").trim(),
        v.get("tmuxConf").trim(),
        intIn(v, "panes", 1, 128),
        agent(v),
        v.get("agentCommand").trim(), // empty: the profile's own command
        list(v, "agentEnv"),
        duration(v, "agentTimeout"),
        duration(v, "agentSilence"),
        oneOf(v, "agentSandbox", "auto", "bwrap", "none"),
        bool(v, "agentCompletesOnEndLine"),
        v.get("promptTemplate").isBlank() ? null : path(v, "promptTemplate", env, null),
        nonBlank(v, "testCommand"),
        v.get("formatCommand").trim(),
        duration(v, "testTimeout"),
        duration(v, "ciTimeout"),
        oneOf(v, "mergeMode", "serial", "speculative"),
        intIn(v, "mergeParallelism", 1, 32),
        intIn(v, "maxDispatch", 0, 128),
        intIn(v, "maxFiledPerCycle", 0, 50),
        intIn(v, "maxFindingsPerCycle", 0, 50),
        duration(v, "claimTtl"),
        duration(v, "cycleBudget"),
        duration(v, "loopPause"),
        intIn(v, "metricsPort", 0, 65535),
        oneOf(v, "logFormat", "text", "json"));
  }

  /** The hosts whose panes the loop drives, the home host first; default: just this one. */
  private static List<String> hosts(Map<String, String> v, String host) {
    List<String> hosts = list(v, "hosts");
    if (hosts.isEmpty()) return List.of(host);
    if (hosts.stream().anyMatch(h -> h.contains("@") || h.contains(","))) {
      throw new ConfigException("hosts", "host names may not contain '@'");
    }
    return hosts.stream().distinct().toList();
  }

  private static String agent(Map<String, String> v) {
    String name = nonBlank(v, "agent").toLowerCase(Locale.ROOT);
    if (!AgentNames.ALL.contains(name)) {
      throw new ConfigException("agent", "'" + name + "' is not one of " + AgentNames.ALL);
    }
    if (name.equals(AgentNames.CUSTOM) && v.get("agentCommand").isBlank()) {
      throw new ConfigException("agentCommand", "must be set when agent is custom");
    }
    return name;
  }

  private static boolean bool(Map<String, String> v, String key) {
    String s = nonBlank(v, key).toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      throw new ConfigException(key, "'" + s + "' is not true or false");
    }
    return s.equals("true");
  }

  private static String nonBlank(Map<String, String> v, String key) {
    String s = v.get(key);
    if (s == null || s.isBlank()) throw new ConfigException(key, "must not be empty");
    return s.trim();
  }

  private static String oneOf(Map<String, String> v, String key, String... allowed) {
    String s = nonBlank(v, key).toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(s)) {
      throw new ConfigException(key, "'" + s + "' is not one of " + Arrays.toString(allowed));
    }
    return s;
  }

  private static int intIn(Map<String, String> v, String key, int min, int max) {
    String s = nonBlank(v, key);
    try {
      int n = Integer.parseInt(s);
      if (n < min || n > max) throw new ConfigException(key, n + " is outside " + min + ".." + max);
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "'" + s + "' is not a whole number");
    }
  }

  private static List<String> list(Map<String, String> v, String key) {
    return Arrays.stream(v.get(key).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * Parses {@code 90s}, {@code 15m}, {@code 2h}, {@code 1h30m}, {@code 500ms} or ISO-8601 {@code
   * PT15M}.
   */
  public static Duration parseDuration(String key, String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("pt") || s.startsWith("p")) {
      try {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new ConfigException(key, "'" + text + "' is not a duration (like 90s, 15m, 2h)");
      }
    }
    Matcher m = DURATION.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = m.end();
    }
    if (s.isEmpty() || end != s.length()) {
      throw new ConfigException(key, "'" + text + "' is not a duration (like 90s, 15m, 2h)");
    }
    return total;
  }

  private static Duration duration(Map<String, String> v, String key) {
    return parseDuration(key, v.get(key));
  }

  private static Path path(Map<String, String> v, String key, Map<String, String> env, Path base) {
    String s = nonBlank(v, key);
    if (s.equals("~") || s.startsWith("~/")) {
      String home = env.getOrDefault("HOME", System.getProperty("user.home"));
      s = home + s.substring(1);
    }
    Path p = Path.of(s);
    if (!p.isAbsolute()) p = base != null ? base.resolve(p) : p.toAbsolutePath();
    return p.normalize();
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
