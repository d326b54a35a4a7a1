package dev.timmyloop.activities.tests;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The repository's test command ({@code tox -e unit} by default), with a time limit. */
@ActivityInterface(namePrefix = "Test.")
public interface TestActivities {

  /**
   * @param directory where to run it: a worktree path, or empty for the main checkout ({@code
   *     repoPath})
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

  /**
   * @param ran false when no {@code formatCommand} is configured
   */
  record FormatRun(boolean ran, int exitCode, String outputTail) {}

  @ActivityMethod
  TestRun runTests(TestRequest request);

  /** The configured {@code formatCommand} ({@code tox -e format}) in a worktree, like the tests. */
  @ActivityMethod
  FormatRun format(TestRequest request);
}
