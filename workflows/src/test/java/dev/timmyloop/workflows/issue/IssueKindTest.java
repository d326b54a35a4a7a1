package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 13, point 3: the kind of an issue names its branch, its commit and its PR title. */
class IssueKindTest {

  /** title | labels (comma list) | branch | commit subject. */
  static Stream<Arguments> issues() {
    return Stream.of(
        Arguments.of(
            "[bug] crash on empty input",
            "",
            "fix/12-crash-on-empty-input",
            "fix: crash on empty input (#12)"),
        Arguments.of(
            "crash on empty input",
            "bug",
            "fix/12-crash-on-empty-input",
            "fix: crash on empty input (#12)"),
        Arguments.of(
            "[loop-generated] [feature] add calc.power",
            "loop-generated",
            "feat/12-add-calc-power",
            "feat: add calc.power (#12)"),
        Arguments.of(
            "Add calc.power(base, exponent)",
            "feature",
            "feat/12-add-calc-power-base-exponent",
            "feat: Add calc.power(base, exponent) (#12)"),
        Arguments.of(
            "[timmy-capability] read the dashboard",
            "",
            "feat/12-read-the-dashboard",
            "feat: read the dashboard (#12)"),
        Arguments.of(
            "[refactor] split the router",
            "",
            "refactor/12-split-the-router",
            "refactor: split the router (#12)"),
        Arguments.of(
            "[optimization] cache the index",
            "",
            "fix/12-cache-the-index",
            "perf: cache the index (#12)"),
        Arguments.of(
            "[soul-gap] no word on kindness",
            "",
            "policy/12-no-word-on-kindness",
            "policy: no word on kindness (#12)"),
        Arguments.of(
            "write the release policy",
            "policy",
            "policy/12-write-the-release-policy",
            "policy: write the release policy (#12)"),
        Arguments.of(
            "explain the config",
            "docs",
            "policy/12-explain-the-config",
            "policy: explain the config (#12)"),
        Arguments.of(
            "[Feature] Upper-case tag", "", "feat/12-upper-case-tag", "feat: Upper-case tag (#12)"),
        Arguments.of(
            "[feature] a feature filed as a bug",
            "bug",
            "feat/12-a-feature-filed-as-a-bug",
            "feat: a feature filed as a bug (#12)"),
        Arguments.of("[wat] unknown tag", "", "fix/12-unknown-tag", "fix: unknown tag (#12)"),
        Arguments.of(
            "no kind at all", "p1,question", "fix/12-no-kind-at-all", "fix: no kind at all (#12)"),
        Arguments.of(
            "support arr[0] in [brackets]",
            "",
            "fix/12-support-arr-0-in-brackets",
            "fix: support arr[0] in [brackets] (#12)"),
        Arguments.of("[feature]", "", "feat/12-feature", "feat: [feature] (#12)"),
        Arguments.of("[bug] two\nlines", "", "fix/12-two-lines", "fix: two lines (#12)"));
  }

  @ParameterizedTest(name = "{0} [{1}] → {2}")
  @MethodSource("issues")
  void kindGivesBranchAndCommit(String title, String labels, String branch, String subject) {
    List<String> labelList = labels.isEmpty() ? List.of() : Arrays.asList(labels.split(","));
    IssueKind kind = IssueKind.of(title, labelList);
    assertEquals(branch, Branches.forIssue(kind, 12, title));
    assertEquals(subject, kind.subject(12, title));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("issues")
  void theLoopsOwnBranchNamesItsIssue(String title, String labels, String branch, String subject) {
    assertEquals(12L, Branches.issueOf(branch).orElseThrow());
  }
}
