package dev.timmyloop.bench;

import dev.timmyloop.cli.world.TimmyProcess;
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
 * A real worker, as a user runs it ({@link TimmyProcess}: {@code java -cp <class path>
 * dev.timmyloop.cli.Timmy worker} with the {@code TIMMY_*} environment), and what it costs: the JVM
 * writes a GC log; its largest heap-in-use before a collection is the peak heap.
 */
final class WorkerProcess implements AutoCloseable {
  private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  final TimmyProcess timmy;
  final Process process;
  final long spawnedMillis;
  final Path gcLog;

  private WorkerProcess(TimmyProcess timmy, long spawnedMillis, Path gcLog) {
    this.timmy = timmy;
    this.process = timmy.process;
    this.spawnedMillis = spawnedMillis;
    this.gcLog = gcLog;
  }

  static WorkerProcess start(
      Path dir, String label, Map<String, String> env, List<String> javaOptions)
      throws IOException {
    Path gc = dir.resolve("worker-" + label + "-gc.log");
    List<String> options = new ArrayList<>(List.of("-Xlog:gc:file=" + gc));
    options.addAll(javaOptions);
    long t0 = System.currentTimeMillis();
    return new WorkerProcess(
        TimmyProcess.start("worker-" + label, dir, env, options, "worker"), t0, gc);
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
    return timmy.tail();
  }

  /** SIGTERM (the worker drains), then SIGKILL after 15 s. */
  @Override
  public void close() {
    timmy.stop();
  }
}
