package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.git.GitActivities.CommitOutcome;
import dev.timmyloop.activities.git.GitActivities.CommitRequest;
import dev.timmyloop.activities.tests.TestActivities;
import dev.timmyloop.activities.tests.TestActivities.FormatRun;
import dev.timmyloop.activities.tests.TestActivities.TestRequest;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.Stubs;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A commit hook that fails on formatting or lint: the loop runs {@code formatCommand} once and
 * commits again before the agent hears of it, as the old loop ran {@code tox -e format}.
 */
final class Formatting {
  private static final Pattern STYLE =
      Pattern.compile(
          "format|lint|whitespace|trailing|indent|ruff|black|isort|flake8|pycodestyle|pylint|prettier|eslint|style");

  private Formatting() {}

  /** Pure: the hook's output speaks of formatting or lint. */
  static boolean looksLikeStyle(String hookOutput) {
    return hookOutput != null && STYLE.matcher(hookOutput.toLowerCase(Locale.ROOT)).find();
  }

  /** Workflow code: the format command in the worktree, then the commit once more. */
  static CommitOutcome formatAndCommit(Stubs on, AgentAttempt.Request r, Consumer<String> step) {
    step.accept("formatting " + r.jobId() + " after the hook's complaint");
    FormatRun run =
        on.callAgainOnLoss(
            TestActivities.class,
            ActivityProfiles.TESTS,
            "format " + r.branch(),
            t -> t.format(new TestRequest(r.worktreePath(), r.testLabel())));
    step.accept("committing " + r.jobId() + " after formatting (exit " + run.exitCode() + ")");
    return on.git("commit " + r.branch() + " after formatting")
        .commit(new CommitRequest(r.worktreePath(), r.commitMessage()));
  }
}
