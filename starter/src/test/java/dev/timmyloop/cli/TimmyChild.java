package dev.timmyloop.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./timmy <args>} as a separate process ({@code java -cp <this class path>
 * dev.timmyloop.cli.Timmy}), with stdout and stderr in their own files, so a test can count the
 * lines of each and give it an environment of its own.
 */
final class TimmyChild implements AutoCloseable {
  record Exit(int code, String out, String err) {
    List<String> errLines() {
      return err.isBlank() ? List.of() : List.of(err.strip().split("\n"));
    }
  }

  private final Process process;
  private final Path out;
  private final Path err;

  private TimmyChild(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** This JVM's environment without {@code TIMMY_*}, and {@code HOME} in {@code dir}. */
  static Map<String, String> env(Path dir) {
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (!k.startsWith("TIMMY_")) env.put(k, v);
            });
    env.put("HOME", dir.toString());
    return env;
  }

  /** {@code PATH} without the folders that hold a {@code temporal} program. */
  static String pathWithoutTemporal() {
    List<String> kept = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && !Files.isExecutable(Path.of(d, "temporal"))) kept.add(d);
    }
    return String.join(File.pathSeparator, kept);
  }

  static TimmyChild start(Path dir, String name, Map<String, String> env, String... args)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Xmx384m");
    argv.add("-XX:TieredStopAtLevel=1");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("dev.timmyloop.cli.Timmy");
    argv.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return new TimmyChild(pb.start(), out, err);
  }

  /** Runs to its end (at most {@code max}). */
  static Exit run(Path dir, String name, Map<String, String> env, Duration max, String... args)
      throws Exception {
    try (TimmyChild child = start(dir, name, env, args)) {
      if (!child.process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not end in " + max + ":\n" + child.output());
      }
      return new Exit(child.process.exitValue(), read(child.out), read(child.err));
    }
  }

  /** Waits until stdout has a line containing {@code text}; fails if it exits first. */
  String awaitOut(String text, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : read(out).split("\n")) {
        if (line.contains(text)) return line;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "exited (" + process.exitValue() + ") before '" + text + "':\n" + output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + text + "' in " + max + ":\n" + output());
  }

  /** SIGTERM, as Ctrl-C or a service manager would stop it; returns the exit status. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS))
      throw new AssertionError("survived SIGTERM:\n" + output());
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("survived SIGKILL");
  }

  String output() {
    try {
      return read(out) + read(err);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() {
    if (!process.isAlive()) return;
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
