package dev.timmyloop.cli.restart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -cp <this JVM's class path> dev.timmyloop.cli.Timmy <args>} as a separate process,
 * its output in a file: what {@code ./timmy <args>} runs, without building the jar first.
 */
final class TimmyProcess implements AutoCloseable {
  final String name;
  final Process process;
  final Path log;
  /** Processes it started, seen just before it was killed; they outlive it (orphans). */
  private final List<ProcessHandle> orphans = new ArrayList<>();

  private TimmyProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * @param env the whole environment of the child (nothing is inherited)
   */
  static TimmyProcess start(String name, Path dir, Map<String, String> env, String... args)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Xmx384m");
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("dev.timmyloop.cli.Timmy");
    argv.addAll(List.of(args));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().clear();
    pb.environment().putAll(env);
    return new TimmyProcess(name, pb.start(), log);
  }

  /** A one-shot run: exit code and output. */
  record Ran(int exit, String output) {}

  long pid() {
    return process.pid();
  }

  /** Waits until a line of its output contains {@code text}; fails if it exits first. */
  void awaitLine(String text, Duration max) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(text)) return;
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited (" + process.exitValue() + ") before '" + text + "':\n" + tail());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " did not print '" + text + "' in " + max + ":\n" + tail());
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  String tail() {
    try {
      String s = output();
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /**
   * SIGKILL ({@link Process#destroyForcibly} sends SIGKILL on Linux): no shutdown hook, no drain.
   * What it started (git, the test command) is left running, as after a real crash, and
   * remembered for {@link #close}. Returns the exit status, 137 (128 + 9) for SIGKILL.
   */
  int kill() throws InterruptedException {
    process.descendants().forEach(orphans::add);
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(name + " survived SIGKILL");
    return process.exitValue();
  }

  /** Whether everything it had started when it was killed has ended. */
  boolean orphansGone() {
    return orphans.stream().noneMatch(ProcessHandle::isAlive);
  }

  /** Kills it and whatever it left behind. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(orphans::add);
      process.destroyForcibly();
    }
    orphans.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
