package dev.timmyloop.activities.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one program from an argv list (no shell), with a time limit that kills the whole process
 * tree, output copied to a log file and kept in bounded memory, and a heartbeat while it waits.
 */
public final class ProcessRunner {
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

  /** Runs {@code spec} to its end or its time limit. I/O trouble starting it is an exception. */
  public ProcessResult run(ProcessSpec spec) {
    ProcessBuilder pb = new ProcessBuilder(spec.argv());
    if (spec.directory() != null) pb.directory(spec.directory().toFile());
    pb.environment().putAll(spec.env());
    pb.redirectErrorStream(spec.mergeStderr());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    long start = System.nanoTime();
    OutputStream logOut = null;
    try {
      if (spec.logFile() != null) {
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        logOut = Files.newOutputStream(spec.logFile());
      }
      Process process = pb.start();
      OutputBuffer out = new OutputBuffer(spec.keepChars());
      OutputBuffer err = new OutputBuffer(spec.keepChars());
      Thread outPump = pump(process.getInputStream(), out, logOut, spec.argv().get(0));
      Thread errPump =
          spec.mergeStderr()
              ? null
              : pump(process.getErrorStream(), err, logOut, spec.argv().get(0));
      boolean timedOut = !waitFor(process, spec, start);
      if (timedOut) {
        log.warn(
            "{} exceeded its time limit of {}; killing its process tree",
            spec.argv().get(0),
            spec.timeout());
        killTree(process);
      }
      join(outPump, process);
      join(errPump, process);
      int exit = timedOut ? -1 : process.exitValue();
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      return new ProcessResult(
          exit, timedOut, out.text(), err.text(), out.complete(), millis, spec.logFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + spec.argv().get(0) + ": " + e.getMessage(), e);
    } finally {
      if (logOut != null) {
        try {
          logOut.close();
        } catch (IOException ignored) {
          // the log is a convenience; the result carries the output
        }
      }
    }
  }

  /**
   * Waits, beating every {@code heartbeatEvery}; false on timeout. A beat that throws kills the
   * tree.
   */
  private static boolean waitFor(Process process, ProcessSpec spec, long start) {
    long deadline = start + spec.timeout().toNanos();
    long every = Math.max(1, spec.heartbeatEvery().toMillis());
    try {
      while (true) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) return !process.isAlive();
        if (process.waitFor(Math.min(left, every), TimeUnit.MILLISECONDS)) return true;
        if (System.nanoTime() - deadline < 0) {
          long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
          spec.heartbeat().beat(spec.argv().get(0) + " running for " + elapsed + "s");
        }
      }
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + spec.argv().get(0), e);
    } catch (RuntimeException e) {
      killTree(process);
      throw e;
    }
  }

  /** Children first, so none is re-parented out of reach, then the process itself. */
  public static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      // SIGKILL is asynchronous; make sure no test process outlives the call that gave up on it.
      for (ProcessHandle h : descendants) h.onExit().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("a killed process did not exit within 5s: {}", e.toString());
    }
  }

  private static Thread pump(
      InputStream in, OutputBuffer buffer, OutputStream logOut, String name) {
    Thread t =
        new Thread(
            () -> {
              try (Reader reader =
                  new InputStreamReader(new TeeInputStream(in, logOut), StandardCharsets.UTF_8)) {
                char[] chunk = new char[8192];
                int n;
                while ((n = reader.read(chunk)) >= 0) buffer.append(chunk, 0, n);
              } catch (IOException e) {
                // the stream closes when the process (or we) end it; nothing more to read
              }
            },
            "pump-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A grandchild that escaped the kill may hold the pipe open: stop waiting after a while. */
  private static void join(Thread pump, Process process) {
    if (pump == null) return;
    try {
      pump.join(TimeUnit.SECONDS.toMillis(10));
      if (pump.isAlive()) {
        process.getInputStream().close();
        process.getErrorStream().close();
        pump.join(TimeUnit.SECONDS.toMillis(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // closing a pipe that is already closed
    }
  }
}
