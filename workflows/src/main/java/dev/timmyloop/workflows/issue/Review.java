package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.git.GitActivities.Changes;
import dev.timmyloop.activities.git.GitActivities.FileChange;
import dev.timmyloop.activities.git.ProtectedPaths;
import java.util.List;

/**
 * Phase 5 review of the agent's work, as a pure decision over the worktree's changes: nothing
 * changed, a protected path touched, or a test deleted means the attempt is rejected, with a reason
 * the agent gets on its next attempt.
 */
public final class Review {
  private Review() {}

  public record Decision(boolean accepted, String reason) {
    static Decision accept() {
      return new Decision(true, "");
    }

    static Decision reject(String reason) {
      return new Decision(false, reason);
    }
  }

  /**
   * @param protectedPaths an entry ending in '/' protects a directory and everything under it; any
   *     other entry is one exact path
   */
  public static Decision check(Changes changes, List<String> protectedPaths) {
    if (changes == null || changes.isEmpty()) {
      return Decision.reject("The change is empty: no file was added, modified or deleted.");
    }
    for (FileChange f : changes.files()) {
      for (String path : paths(f)) {
        if (ProtectedPaths.isProtected(path, protectedPaths)) {
          return Decision.reject(
              "Protected path touched: "
                  + path
                  + ". Revert every change to it; it must stay as on main.");
        }
      }
    }
    for (FileChange f : changes.files()) {
      if ("D".equals(f.status()) && isTestFile(f.path())) {
        return Decision.reject(
            "Test file deleted: " + f.path() + ". Restore it; never delete tests.");
      }
      // A rename that moves a test out of the test files removes it just the same.
      if ("R".equals(f.status()) && isTestFile(f.oldPath()) && !isTestFile(f.path())) {
        return Decision.reject(
            "Test file renamed away: " + f.oldPath() + " -> " + f.path() + ". Restore it.");
      }
    }
    return Decision.accept();
  }

  /** {@code tests/…} (at any depth), {@code test_*.py} or {@code *_test.py}. */
  static boolean isTestFile(String path) {
    if (path == null || path.isEmpty()) return false;
    if (path.startsWith("tests/") || path.contains("/tests/")) return true;
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.endsWith(".py") && (name.startsWith("test_") || name.endsWith("_test.py"));
  }

  private static List<String> paths(FileChange f) {
    if (f.oldPath() == null || f.oldPath().isEmpty() || f.oldPath().equals(f.path())) {
      return List.of(f.path());
    }
    return List.of(f.path(), f.oldPath());
  }
}
