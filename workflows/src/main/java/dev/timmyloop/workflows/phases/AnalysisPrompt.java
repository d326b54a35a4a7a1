package dev.timmyloop.workflows.phases;

import dev.timmyloop.workflows.phases.Assess.Assessment;
import java.util.List;

/** Phase 3: the prompt of the agent's analysis run. */
public final class AnalysisPrompt {
  private AnalysisPrompt() {}

  public static String text(String repository, int count, List<String> openTitles) {
    StringBuilder p = new StringBuilder();
    p.append("You are reviewing the repository ")
        .append(repository)
        .append(" for the Timmy loop.\n")
        .append("Read SOUL.md (the project's mission) and the code. Propose at most ")
        .append(count)
        .append(
            " small, concrete, independent issues a coding agent can finish in under an hour.\n")
        .append(
            "Each has a kind: bug, optimization, feature, refactor, timmy-capability or soul-gap.\n")
        .append("Do not change any file. Do not repeat these open issues:\n");
    openTitles.stream()
        .limit(100)
        .forEach(t -> p.append("- ").append(t.replace('\n', ' ')).append('\n'));
    p.append("\nRespond with a JSON array only, like ")
        .append(
            "[{\"kind\": \"feature\", \"title\": \"one line\", \"body\": \"what and why, with acceptance criteria\"}].\n");
    return p.toString();
  }

  /**
   * The analysis was told to change nothing and did: its proposals are not used, and this is filed.
   */
  public static Phases.Finding changedFinding(List<String> changed) {
    StringBuilder b =
        new StringBuilder(
                "The analysis run of phase 3 changed files in its worktree of main, though ")
            .append("its prompt says to change none. Its proposals were dropped.\n\nChanged:\n");
    changed.stream()
        .limit(30)
        .forEach(f -> b.append("- `").append(f.replace('`', '\'')).append("`\n"));
    return new Phases.Finding(
        "bug", "the analysis run changed files", b.toString(), "analysis-changed-files");
  }

  /** Main's latest test results from phase 2 and its slowest tests, for the analysis prompt. */
  public static String mainReport(Assessment a) {
    StringBuilder p = new StringBuilder("\nLatest test results of main (this cycle's phase 2): ");
    List<String> failing = a.mainFailingTests() == null ? List.of() : a.mainFailingTests();
    p.append(
            !a.mainGreen()
                ? "RED, " + failing.size() + " failing"
                : a.mainCheckedBy() == Assess.MainCheckedBy.CI_PENDING
                    ? "CI still runs on main's head (no verdict yet)"
                    : "all tests pass")
        .append(".\n");
    failing.stream().limit(20).forEach(t -> p.append("- failing: ").append(t).append('\n'));
    List<String> slow = a.mainSlowest();
    if (slow.isEmpty()) {
      p.append("Slowest tests: none reported (the test output has no durations).\n");
    } else {
      p.append("Slowest tests:\n");
      slow.forEach(t -> p.append("- ").append(t).append('\n'));
    }
    return p.toString();
  }
}
