package dev.timmyloop.activities.tox;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The repository's test command ({@code tox -e unit} by default), with a time limit. */
@ActivityInterface(namePrefix = "Tox.")
public interface ToxActivities {

  /**
   * @param directory where to run it: a worktree path, or empty for the main checkout ({@code repoPath})
   * @param label a short name for the log file, e.g. {@code main} or {@code fix-123}
   */
  record TestRequest(String directory, String label) {}

  /**
   * @param failingTests pytest/unittest ids of failed or erroring tests (at most 50)
   * @param outputTail the last few KB of output; the full log is {@code logPath}
   */
  record TestRun(
      boolean passed,
      boolean timedOut,
      int exitCode,
      int testsPassed,
      int testsFailed,
      int testsErrored,
      int testsSkipped,
      List<String> failingTests,
      String outputTail,
      String logPath,
      long durationMillis) {}

  @ActivityMethod
  TestRun runTests(TestRequest request);
}
