package dev.timmyloop.cli.world;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java <options> -cp <this JVM's class path> dev.timmyloop.cli.Timmy <args>} as a process of
 * its own, its output in {@code <dir>/<name>.log}: what {@code ./timmy <args>} runs, without
 * building the jar, with its own memory and CPU (the benchmark's and the restart tests' workers).
 */
public final class TimmyProcess implements AutoCloseable {
  public final String name;
  public final Process process;
  public final Path log;

  /** Processes it started, seen just before it was killed; they outlive it (orphans). */
  private final List<ProcessHandle> orphans = new ArrayList<>();

  private TimmyProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * @param env the whole environment of the child (nothing is inherited)
   * @param javaOptions the JVM's options, e.g. {@code -Xmx384m}
   */
  public static TimmyProcess start(
      String name, Path dir, Map<String, String> env, List<String> javaOptions, String... args)
      throws IOException {
    Files.createDirectories(dir);
    List<String> argv =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    argv.addAll(javaOptions);
    argv.addAll(List.of("-cp", classpath(), "dev.timmyloop.cli.Timmy"));
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

  /** This JVM's class path with absolute entries: the child runs in another folder. */
  private static String classpath() {
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) out.add(Path.of(e).toAbsolutePath().toString());
    }
    return String.join(File.pathSeparator, out);
  }

  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The last 4,000 characters of its output. */
  public String tail() {
    try {
      String s = output();
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /**
   * SIGKILL ({@link Process#destroyForcibly} sends SIGKILL on Linux): no shutdown hook, no drain.
   * What it started (git, the test command) is left running, as after a real crash, and remembered
   * for {@link #close}. Returns the exit status, 137 (128 + 9) for SIGKILL.
   */
  public int kill() throws InterruptedException {
    process.descendants().forEach(orphans::add);
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS))
      throw new IllegalStateException(name + " survived SIGKILL");
    return process.exitValue();
  }

  /** Whether everything it had started when it was killed has ended. */
  public boolean orphansGone() {
    return orphans.stream().noneMatch(ProcessHandle::isAlive);
  }

  /** SIGTERM (a worker drains), then SIGKILL after 15 s. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
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
