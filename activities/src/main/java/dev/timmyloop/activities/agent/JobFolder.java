package dev.timmyloop.activities.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.Text;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One agent job's folder, {@code <jobsDir>/<jobId>/}: the state every attempt and every worker
 * reads, so a restarted worker re-attaches instead of sending again. The runner script writes
 * {@code pid}, {@code output.log}, {@code exit_code} and {@code ended}; we write the rest.
 */
final class JobFolder {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

  /**
   * Job folder paths go into tmux's argv and, single-quoted, into {@code run.sh}: no quote,
   * backslash or control char.
   */
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/+@:,=~ -]+");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What dispatch recorded. {@code startedAtMillis} is when the job was sent (timeouts count from
   * it); {@code agent} the profile that runs it (null in folders written before profiles).
   */
  record Meta(
      String jobId,
      String pane,
      String paneId,
      String worktree,
      long startedAtMillis,
      String agent) {}

  final String jobId;
  final Path dir;

  private JobFolder(String jobId, Path dir) {
    this.jobId = jobId;
    this.dir = dir;
  }

  /**
   * @throws IllegalArgumentException for an id that could leave the jobs folder or a path unsafe to
   *     type
   */
  static JobFolder of(Path jobsDir, String jobId) {
    if (jobId == null || !ID.matcher(jobId).matches() || jobId.matches("\\.+")) {
      throw new IllegalArgumentException(
          "job id '" + Text.head(jobId, 80) + "' must match [A-Za-z0-9._-]+");
    }
    Path dir = jobsDir.toAbsolutePath().normalize().resolve(jobId);
    if (!SAFE_PATH.matcher(dir.toString()).matches()) {
      throw new IllegalArgumentException(
          "jobs folder path '" + dir + "' has characters unsafe in a runner script");
    }
    return new JobFolder(jobId, dir);
  }

  Path prompt() {
    return dir.resolve("prompt.txt");
  }

  Path script() {
    return dir.resolve("run.sh");
  }

  Path output() {
    return dir.resolve("output.log");
  }

  Path ended() {
    return dir.resolve("ended");
  }

  /**
   * The agent's own folder: its {@code TMPDIR}, the only part of the job folder its sandbox shows.
   */
  Path agentDir() {
    return dir.resolve("agent");
  }

  /**
   * The agent's environment until the runner reads it; mode 600 (a temp file's, kept by the move).
   */
  Path agentEnv() {
    return dir.resolve("agent.env");
  }

  boolean exists() {
    return Files.isDirectory(dir);
  }

  boolean sent() {
    return Files.exists(dir.resolve("sent"));
  }

  /**
   * Creates the {@code sent} marker; false when it already existed (another attempt sent the job).
   */
  boolean markSent() {
    try {
      Files.write(
          dir.resolve("sent"),
          new byte[0],
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeMeta(Meta meta) {
    try {
      write(dir.resolve("job.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<Meta> meta() {
    try {
      Path p = dir.resolve("job.json");
      return Files.exists(p)
          ? Optional.of(JSON.readValue(p.toFile(), Meta.class))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("job.json"), e);
    }
  }

  OptionalInt exitCode() {
    return readLong(dir.resolve("exit_code")).stream().mapToInt(l -> (int) l).findFirst();
  }

  OptionalLong pid() {
    return readLong(dir.resolve("pid")).stream().filter(p -> p > 0).findFirst();
  }

  /**
   * An outcome we decided (timed out, completed on TurnEnd, crashed), so a retried await reports
   * the same.
   */
  Optional<AgentActivities.JobOutcome> decided() {
    try {
      Path p = dir.resolve("outcome");
      return Files.exists(p)
          ? Optional.of(AgentActivities.JobOutcome.valueOf(Files.readString(p).trim()))
          : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  void decide(AgentActivities.JobOutcome outcome) {
    write(dir.resolve("outcome"), outcome.name().getBytes(StandardCharsets.UTF_8));
  }

  /** The last {@code Text.TAIL_BYTES} characters of the output log. */
  String outputTail() {
    try (RandomAccessFile f = new RandomAccessFile(output().toFile(), "r")) {
      long from = Math.max(0, f.length() - 4L * Text.TAIL_BYTES);
      byte[] buf = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(buf);
      return Text.tail(Text.utf8(buf), Text.TAIL_BYTES);
    } catch (IOException e) {
      return "";
    }
  }

  /** Writes through a temp file and a rename, so readers never see half a file. */
  void write(Path target, byte[] bytes) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OptionalLong readLong(Path p) {
    try {
      String s = Files.readString(p).trim();
      return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
