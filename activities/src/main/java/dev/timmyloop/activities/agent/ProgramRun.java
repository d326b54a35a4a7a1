package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.timmyloop.activities.process.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One short question to a program (its version, its help), with a deadline, as the doctor asks it.
 */
final class ProgramRun {
  private ProgramRun() {}

  /**
   * @param text stdout and stderr together, stripped
   */
  record Result(int code, String text) {
    String firstLine() {
      return text.lines().findFirst().orElse("").strip();
    }
  }

  /** The program did not end in time, or could not start; {@link #getMessage()} says which. */
  static class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  /** Slow rather than broken: a loaded host can stretch a Node CLI's start past the limit. */
  static final class TimedOut extends Failed {
    TimedOut(String message) {
      super(message);
    }
  }

  /** Runs {@code argv} with exactly {@code env}, stdin from /dev/null. */
  static Result run(List<String> argv, Map<String, String> env, long seconds)
      throws Failed, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new Failed("could not run: " + e.getMessage());
    }
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      ProcessRunner.killTree(p);
      throw new TimedOut("did not finish within " + seconds + " s");
    }
    try {
      // A child that keeps the pipe open must not hold the doctor.
      return new Result(p.exitValue(), new String(out.get(5, TimeUnit.SECONDS), UTF_8).strip());
    } catch (ExecutionException | TimeoutException e) {
      throw new Failed("its output did not end: " + e);
    }
  }

  private static byte[] readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      // what was read so far
    }
    return out.toByteArray();
  }

  static String head(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
