package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 13, point 1: Gitea's closing keywords, and which issues an open PR already works on. */
class InFlightTest {
  static final String REPO = "timmy/demo";

  /** text → the issues of timmy/demo it closes (comma list, empty for none). */
  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("Closes #1", "1"),
        Arguments.of("closes #1", "1"),
        Arguments.of("CLOSED #1", "1"),
        Arguments.of("close #1", "1"),
        Arguments.of("fix #2", "2"),
        Arguments.of("Fixes #2", "2"),
        Arguments.of("fixed #2", "2"),
        Arguments.of("resolve #3", "3"),
        Arguments.of("Resolves #3", "3"),
        Arguments.of("resolved #3", "3"),
        Arguments.of("Closes: #4", "4"),
        Arguments.of("This PR fixes #5 and resolves #6.", "5,6"),
        Arguments.of("Fixes #7, see #8", "7"),
        Arguments.of("(fixes #9)", "9"),
        Arguments.of("Closes timmy/demo#10", "10"),
        Arguments.of("closes Timmy/Demo#10", "10"),
        Arguments.of("Closes other/repo#11", ""),
        Arguments.of("Closes prefix#1", ""),
        Arguments.of("Closes #1abc", ""),
        Arguments.of("prefixcloses #1", ""),
        Arguments.of("unfixed #1", ""),
        Arguments.of("see #12", ""),
        Arguments.of("#13", ""),
        Arguments.of("Closes#14", ""),
        Arguments.of("closing #15", ""),
        Arguments.of("line one\nFixes #16\n", "16"),
        Arguments.of("", ""));
  }

  @ParameterizedTest(name = "{0} → [{1}]")
  @MethodSource("texts")
  void closingKeywords(String text, String issues) {
    Set<Long> want =
        issues.isEmpty()
            ? Set.of()
            : Arrays.stream(issues.split(","))
                .map(Long::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(want, InFlight.closedBy(text, REPO));
  }

  static PullRequest pr(long n, String title, String head, String body) {
    return new PullRequest(
        n, title, "open", head, "sha", "main", true, false, "", List.of(), "", body);
  }

  @Test
  void anOpenPrsTitleBodyAndLoopBranchPutTheirIssuesInFlight() {
    List<PullRequest> open =
        List.of(
            pr(20, "WIP: try the parser", "alice/parser", "Closes #1"),
            pr(
                21,
                "[loop-cycle-2] feat: add calc.power (#2)",
                "feat/2-add-calc-power",
                "Closes #2"),
            pr(22, "[loop-cycle-2] fix: x (#3)", "fix/3-x", ""),
            pr(23, "Fix #4 quickly", "bob/four", null),
            pr(24, "Add percent", "feature/percent", "Adds percent; see #5"));
    assertEquals(Set.of(1L, 2L, 3L, 4L), InFlight.issues(open, REPO));
  }
}
