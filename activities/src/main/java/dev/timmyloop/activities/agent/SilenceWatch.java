package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The watchdog's memory: when the agent last printed something or changed its worktree. A CLI whose
 * model endpoint never answers waits forever (Codex, Claude Code) while printing nothing. The last
 * change is kept in the job folder ({@code activity}: millis and fingerprint), so a worker that
 * restarts keeps counting from it instead of from zero.
 */
final class SilenceWatch {
  private final JobFolder job;
  private final Path worktree;
  private final long checkEveryMillis;
  private long nextCheck;

  SilenceWatch(JobFolder job, String worktree, long silenceMillis) {
    this.job = job;
    this.worktree = Path.of(worktree);
    // A twentieth of the limit: the worktree's fingerprint runs git, and many panes are watched.
    this.checkEveryMillis = Math.max(500, Math.min(30_000, silenceMillis / 20));
  }

  /** Milliseconds since the last output or worktree change (or since the job was sent). */
  long quietMillis(long now, long startedAtMillis) throws InterruptedException {
    Path file = job.dir.resolve("activity");
    String[] last = read(file);
    if (now >= nextCheck) {
      nextCheck = now + checkEveryMillis;
      String print = fingerprint(worktree);
      if (last == null || !last[1].equals(print)) {
        last = new String[] {Long.toString(now), print};
        job.write(file, (now + " " + print).getBytes(UTF_8));
      }
    }
    long changed = last == null ? 0 : Long.parseLong(last[0]);
    long output = 0;
    try {
      output = Files.getLastModifiedTime(job.output()).toMillis();
    } catch (IOException e) {
      // nothing printed yet
    }
    return now - Math.max(startedAtMillis, Math.max(changed, output));
  }

  private static String[] read(Path file) {
    try {
      String[] parts = Files.readString(file).trim().split(" ", 2);
      Long.parseLong(parts[0]);
      return parts.length == 2 ? parts : null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * A hash of what git sees changed (paths with size and mtime, so a second edit of a changed file
   * counts); outside git, of every file's mtime. {@code --no-optional-locks}: the agent's own git
   * commands must never meet our index lock.
   */
  static String fingerprint(Path worktree) throws InterruptedException {
    MessageDigest sha = sha256();
    byte[] status = gitStatus(worktree);
    if (status != null) {
      sha.update(status);
      for (String entry : new String(status, UTF_8).split("\0")) {
        if (entry.length() > 3) stamp(sha, worktree.resolve(entry.substring(3)));
      }
    } else {
      try (Stream<Path> files = Files.walk(worktree)) {
        files
            .filter(p -> !p.toString().contains("/.git/") && !p.endsWith(".git"))
            .limit(100_000)
            .forEach(p -> stamp(sha, p));
      } catch (IOException | java.io.UncheckedIOException e) {
        sha.update("unreadable".getBytes(UTF_8));
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static byte[] gitStatus(Path worktree) throws InterruptedException {
    if (!Files.exists(worktree.resolve(".git"))) return null;
    try {
      Process p =
          new ProcessBuilder(
                  "git",
                  "--no-optional-locks",
                  "status",
                  "--porcelain",
                  "-z",
                  "--untracked-files=all")
              .directory(worktree.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out.toByteArray() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void stamp(MessageDigest sha, Path p) {
    try {
      sha.update(
          (p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n")
              .getBytes(UTF_8));
    } catch (IOException e) {
      sha.update((p + " gone\n").getBytes(UTF_8));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
