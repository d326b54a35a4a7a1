package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.tests.TestActivities.TestRun;
import dev.timmyloop.workflows.phases.Phases.Finding;
import java.util.List;

/**
 * Phase 2: a red main as a {@code [bug]} finding whose signature stays the same for the same
 * failure.
 */
public final class MainFailure {
  private MainFailure() {}

  public static Finding finding(TestRun run) {
    List<String> ids = run.failingTests().stream().sorted().toList();
    String signature = "main:" + (ids.isEmpty() ? "exit-" + run.exitCode() : String.join(",", ids));
    String title =
        ids.isEmpty()
            ? "tests fail on main (exit " + run.exitCode() + ")"
            : ids.size() == 1
                ? "test fails on main: " + ids.get(0)
                : ids.size() + " tests fail on main: " + ids.get(0) + " and others";
    StringBuilder body = new StringBuilder("The test command fails on main.\n\n");
    if (!ids.isEmpty()) {
      body.append("Failing tests:\n");
      ids.stream().limit(30).forEach(id -> body.append("- `").append(id).append("`\n"));
      body.append('\n');
    }
    body.append("Traceback (output tail):\n\n```\n")
        .append(Text.tail(run.outputTail(), 3500))
        .append("\n```\n");
    body.append("\nSignature: `").append(signature).append("`\n");
    return new Finding("bug", title, body.toString(), signature);
  }
}
