package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.git.GitActivities.Changes;
import dev.timmyloop.activities.git.GitActivities.FileChange;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReviewTest {
  static final List<String> PROTECTED =
      List.of("tox.ini", "pyproject.toml", ".gitea/", ".github/", ".githooks/");

  static FileChange f(String status, String path) {
    return new FileChange(path, status, null);
  }

  static FileChange renamed(String from, String to) {
    return new FileChange(to, "R", from);
  }

  static Changes changes(FileChange... files) {
    return new Changes(Arrays.asList(files), 3, 1, "diff");
  }

  /** situation, changes, accepted, a word the reason must contain. */
  static Stream<Arguments> situations() {
    return Stream.of(
        Arguments.of(
            "code and a new test",
            changes(f("M", "src/app.py"), f("A", "tests/test_app.py")),
            true,
            ""),
        Arguments.of("empty diff", changes(), false, "empty"),
        Arguments.of("no changes at all", null, false, "empty"),
        Arguments.of("tox.ini edited", changes(f("M", "tox.ini")), false, "tox.ini"),
        Arguments.of(
            "CI workflow added",
            changes(f("A", ".gitea/workflows/ci.yml")),
            false,
            ".gitea/workflows/ci.yml"),
        Arguments.of(
            "hook deleted", changes(f("D", ".githooks/pre-commit")), false, ".githooks/pre-commit"),
        Arguments.of("exact entry is not a prefix", changes(f("M", "tox.ini.bak")), true, ""),
        Arguments.of(
            "nested same name is not protected", changes(f("M", "docs/tox.ini")), true, ""),
        Arguments.of(
            "dir entry does not match a sibling name", changes(f("A", ".githubx/notes")), true, ""),
        Arguments.of(
            "rename out of a protected dir",
            changes(renamed(".github/ci.yml", "ci.yml")),
            false,
            ".github/ci.yml"),
        Arguments.of(
            "test under tests/ deleted",
            changes(f("M", "a.py"), f("D", "tests/helpers.py")),
            false,
            "tests/helpers.py"),
        Arguments.of(
            "test_*.py deleted anywhere",
            changes(f("D", "pkg/test_util.py")),
            false,
            "test_util.py"),
        Arguments.of("*_test.py deleted", changes(f("D", "util_test.py")), false, "util_test.py"),
        Arguments.of(
            "nested tests dir deleted",
            changes(f("D", "pkg/tests/conftest.py")),
            false,
            "conftest.py"),
        Arguments.of(
            "non-test deleted", changes(f("D", "src/old.py"), f("M", "src/new.py")), true, ""),
        Arguments.of("test modified", changes(f("M", "tests/test_app.py")), true, ""),
        Arguments.of(
            "test renamed within tests",
            changes(renamed("tests/test_a.py", "tests/test_b.py")),
            true,
            ""),
        Arguments.of(
            "test renamed away",
            changes(renamed("tests/test_a.py", "src/a_helpers.py")),
            false,
            "renamed"),
        Arguments.of(
            "a file named testing.py deleted", changes(f("D", "src/testing.py")), true, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("situations")
  void reviewDecides(String situation, Changes changes, boolean accepted, String reasonHas) {
    Review.Decision d = Review.check(changes, PROTECTED);
    assertEquals(accepted, d.accepted(), situation + ": " + d.reason());
    assertTrue(d.reason().contains(reasonHas), d.reason());
  }
}
