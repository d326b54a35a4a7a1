package dev.timmyloop.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The git CLI for tests: runs in a folder with a local identity, fails loudly. */
final class TestGit {
  private TestGit() {}

  static String git(Path dir, String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"));
    argv.addAll(List.of(args));
    try {
      ProcessBuilder pb =
          new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0)
        throw new AssertionError("git " + String.join(" ", args) + " failed:\n" + out);
      return out.trim();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void write(Path dir, String file, String text) {
    try {
      Path p = dir.resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes, stages and commits one file; returns the new head sha. */
  static String commit(Path dir, String file, String text, String message) {
    write(dir, file, text);
    git(dir, "add", "--", file);
    git(dir, "commit", "-q", "-m", message);
    return git(dir, "rev-parse", "HEAD");
  }
}
