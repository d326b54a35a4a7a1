package dev.timmyloop.workflows.phases;

import java.util.List;

/** Phase 3: the prompt of the agent's analysis run. */
public final class AnalysisPrompt {
  private AnalysisPrompt() {}

  public static String text(String repository, int count, List<String> openTitles) {
    StringBuilder p = new StringBuilder();
    p.append("You are reviewing the repository ").append(repository).append(" for the Timmy loop.\n")
        .append("Read SOUL.md (the project's mission) and the code. Propose at most ").append(count)
        .append(" small, concrete, independent issues a coding agent can finish in under an hour.\n")
        .append("Each has a kind: bug, optimization, feature, refactor, timmy-capability or soul-gap.\n")
        .append("Do not change any file. Do not repeat these open issues:\n");
    openTitles.stream().limit(100).forEach(t -> p.append("- ").append(t.replace('\n', ' ')).append('\n'));
    p.append("\nRespond with a JSON array only, like ")
        .append("[{\"kind\": \"feature\", \"title\": \"one line\", \"body\": \"what and why, with acceptance criteria\"}].\n");
    return p.toString();
  }
}
