package dev.timmyloop.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real worker, as a user runs it: {@code java -cp <this jar> dev.timmyloop.cli.Timmy worker}
 * with the {@code TIMMY_*} environment, in its own JVM, so its memory and CPU are its own. The JVM
 * writes a GC log; its largest heap-in-use before a collection is the peak heap.
 */
final class WorkerProcess implements AutoCloseable {
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  final Process process;
  final long spawnedMillis;
  final Path gcLog;
  final Path log;

  private WorkerProcess(Process process, long spawnedMillis, Path gcLog, Path log) {
    this.process = process;
    this.spawnedMillis = spawnedMillis;
    this.gcLog = gcLog;
    this.log = log;
  }

  static WorkerProcess start(Path dir, String label, Map<String, String> env, List<String> javaOptions)
      throws IOException {
    Files.createDirectories(dir);
    Path gc = dir.resolve("worker-" + label + "-gc.log");
    Path out = dir.resolve("worker-" + label + ".log");
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Xlog:gc:file=" + gc);
    argv.addAll(javaOptions);
    argv.add("-cp");
    argv.add(classpath());
    argv.add("dev.timmyloop.cli.Timmy");
    argv.add("worker");
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.redirectOutput(out.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("TIMMY_"));
    pb.environment().putAll(env);
    long t0 = System.currentTimeMillis();
    Process p = pb.start();
    return new WorkerProcess(p, t0, gc, out);
  }

  /** This JVM's class path with absolute entries: the worker runs in another folder. */
  static String classpath() {
    List<String> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) out.add(Path.of(e).toAbsolutePath().toString());
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  long pid() {
    return process.pid();
  }

  /** VmRSS from /proc, in MB; NaN when it cannot be read. */
  double rssMb() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (IOException | NumberFormatException e) {
      // gone
    }
    return Double.NaN;
  }

  /** The JVM's own user + system CPU seconds (its children, git and tmux, not included). */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name.
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The largest heap in use before any collection so far, and after one, in MB. */
  double[] peakHeapMb() throws IOException {
    double before = 0;
    double after = 0;
    if (!Files.exists(gcLog)) return new double[] {Double.NaN, Double.NaN};
    for (String l : Files.readAllLines(gcLog)) {
      Matcher m = GC_LINE.matcher(l);
      if (m.find()) {
        before = Math.max(before, Double.parseDouble(m.group(1)));
        after = Math.max(after, Double.parseDouble(m.group(2)));
      }
    }
    return new double[] {before, after};
  }

  /** Heap in use right now, in MB, from {@code jcmd GC.heap_info}; NaN when unavailable. */
  double heapUsedNowMb() {
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process p =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
      return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
    } catch (IOException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGTERM (the worker drains), then SIGKILL after 15 s. */
  @Override
  public void close() {
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
}
