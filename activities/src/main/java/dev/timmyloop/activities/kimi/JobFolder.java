package dev.timmyloop.activities.kimi;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One agent job's folder, {@code <stateDir>/jobs/<jobId>/}: the prompt, the runner script, the output
 * log, the runner's pid, its exit code and end marker. The files are the job's whole state, so a new
 * worker re-attaches to a running job by reading them.
 */
public record JobFolder(String jobId, Path dir) {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._-]{1,120}");

  public static JobFolder of(Path jobsDir, String jobId) {
    if (jobId == null || !JOB_ID.matcher(jobId).matches() || jobId.startsWith(".")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "job id must match [A-Za-z0-9._-]+: " + jobId, "InvalidJobId");
    }
    return new JobFolder(jobId, jobsDir.resolve(jobId));
  }

  public Path prompt() {
    return dir.resolve("prompt.txt");
  }

  public Path runner() {
    return dir.resolve("run.sh");
  }

  public Path output() {
    return dir.resolve("output.log");
  }

  public Path meta() {
    return dir.resolve("job.json");
  }

  /** Created atomically right before the command is sent: its presence means "never send again". */
  public Path sent() {
    return dir.resolve("sent");
  }

  public Path pidFile() {
    return dir.resolve("pid");
  }

  public Path exitCodeFile() {
    return dir.resolve("exit_code");
  }

  public Path ended() {
    return dir.resolve("ended");
  }

  public Optional<Integer> exitCode() {
    return readInt(exitCodeFile());
  }

  public Optional<Long> pid() {
    return readInt(pidFile()).map(Integer::longValue);
  }

  /** Sent, not ended, and its runner (if it has started) still alive. */
  public boolean running() {
    if (!Files.exists(sent()) || Files.exists(exitCodeFile())) return false;
    Optional<Long> pid = pid();
    return pid.isEmpty() || ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Writes {@code text} to {@code file} through a temp file and a rename. */
  public static void writeAtomically(Path file, String text) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code maxBytes} of the output log, decoded leniently. */
  public String outputTail(int maxBytes) {
    Path log = output();
    if (!Files.exists(log)) return "";
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, f.length() - maxBytes);
      byte[] buf = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(buf);
      return (from > 0 ? "…" : "") + new String(buf, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<Integer> readInt(Path file) {
    try {
      String s = Files.readString(file).trim();
      return s.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(s));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
