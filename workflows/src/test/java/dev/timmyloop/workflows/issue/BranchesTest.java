package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BranchesTest {

  static Stream<Arguments> titles() {
    return Stream.of(
        Arguments.of("Fix the parser", "fix/12-fix-the-parser"),
        Arguments.of("  [bug] crash on 'empty' input!  ", "fix/12-crash-on-empty-input"),
        Arguments.of("say \"hi\" $(rm -rf /) `id`", "fix/12-say-hi-rm-rf-id"),
        Arguments.of("../../etc/passwd", "fix/12-etc-passwd"),
        Arguments.of("a..b", "fix/12-a-b"),
        Arguments.of("~^:?*[\\", "fix/12-issue"),
        Arguments.of("ref@{upstream}", "fix/12-ref-upstream"),
        Arguments.of("config.lock", "fix/12-config-lock"),
        Arguments.of("branch.lock.", "fix/12-branch-lock"),
        Arguments.of("Café naïve façade", "fix/12-cafe-naive-facade"),
        Arguments.of("日本語のタイトル", "fix/12-issue"),
        Arguments.of("tab\there\nnew\u0000line\u007f", "fix/12-tab-here-new-line"),
        Arguments.of("", "fix/12-issue"),
        Arguments.of(null, "fix/12-issue"),
        Arguments.of("---", "fix/12-issue"),
        Arguments.of("@", "fix/12-issue"),
        Arguments.of("/leading/and/trailing/", "fix/12-leading-and-trailing"),
        Arguments.of("x".repeat(60), "fix/12-" + "x".repeat(40)),
        Arguments.of("UPPER_case-Mixed  123", "fix/12-upper-case-mixed-123"),
        Arguments.of(
            "a very long title that goes on and on well past the forty character limit",
            "fix/12-a-very-long-title-that-goes-on-and-on"));
  }

  @ParameterizedTest
  @MethodSource("titles")
  void titleGivesSlugBranch(String title, String expected) throws Exception {
    String branch = Branches.forIssue(IssueKind.of(title, List.of()), 12, title);
    assertEquals(expected, branch);
    assertTrue(Branches.slug(title).length() <= Branches.MAX_SLUG, branch);
    assertTrue(branch.matches("fix/12-[a-z0-9]+(-[a-z0-9]+)*"), branch);
    assertTrue(gitAcceptsBranch(branch), "git check-ref-format rejects " + branch);
  }

  /** The slug never ends in a dash even when the cut falls right after one. */
  @Test
  void cutNeverLeavesTrailingDash() {
    for (int pad = 30; pad <= Branches.MAX_SLUG + 1; pad++) {
      String cut = Branches.slug("x".repeat(pad) + " -- y z");
      assertTrue(!cut.endsWith("-") && cut.length() <= Branches.MAX_SLUG, cut);
    }
  }

  /** The real git decides what a valid branch name is. */
  private static boolean gitAcceptsBranch(String branch) throws Exception {
    Process p =
        new ProcessBuilder("git", "check-ref-format", "--branch", branch)
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue() == 0;
  }

  @Test
  void gitItselfRejectsTheHostileRaw() throws Exception {
    // Guards the test above: the helper really does reject what git rejects.
    for (String raw : new String[] {"a..b", "x.lock", "a@{b", "a~b", "a b", "a:b"}) {
      assertTrue(!gitAcceptsBranch("fix/" + raw), raw);
    }
  }
}
