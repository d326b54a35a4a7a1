package dev.timmyloop.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A walk over a test world's files for tests that search them (for a token, a canary). Stop or
 * drain what writes there first (the forge's CI with {@link SandboxForge#stopCi}, the worker, the
 * agents with {@link Quiesce}); this walk is only the backstop: a file or folder that disappears
 * while it is walked is skipped, not an error. Every other error still fails the walk.
 */
public final class FileScan {
  private FileScan() {}

  /** What to do with one regular file. */
  @FunctionalInterface
  public interface FileAction {
    void visit(Path file) throws IOException;
  }

  /**
   * Calls {@code action} on every regular file under {@code root} (symbolic links are not
   * followed). Returns how many files it was called on and that still existed when it read them: a
   * caller asserts a count above zero, so a scan that saw nothing cannot pass.
   */
  public static int regularFiles(Path root, FileAction action) throws IOException {
    int[] visited = {0};
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!attrs.isRegularFile()) return FileVisitResult.CONTINUE;
            try {
              action.visit(file);
              visited[0]++;
            } catch (NoSuchFileException gone) {
              // deleted after it was listed
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e == null || e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
            throw e;
          }
        });
    return visited[0];
  }
}
