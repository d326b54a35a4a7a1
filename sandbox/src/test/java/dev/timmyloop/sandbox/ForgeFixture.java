package dev.timmyloop.sandbox;

import static dev.timmyloop.sandbox.TestGit.commit;
import static dev.timmyloop.sandbox.TestGit.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A forge with repository {@code timmy/t} holding a two-test Python project on main (CI green), and
 * a working clone to push from. CI runs plain unittest to keep tests quick.
 */
final class ForgeFixture implements AutoCloseable {
  static final String TOKEN = "s3cret-token";
  static final String OK_TEST =
      "import unittest\n\nclass OkTest(unittest.TestCase):\n    def test_ok(self):\n        self.assertTrue(True)\n";
  static final String FAILING_TEST =
      "import unittest\n\nclass BadTest(unittest.TestCase):\n    def test_bad(self):\n        self.assertEqual(1, 2)\n";

  final SandboxForge forge;
  final TestApi api;
  final Path bare;
  final Path clone;

  ForgeFixture(Path tmp) throws Exception {
    forge = SandboxForge.start(tmp.resolve("forge"), 0, TOKEN);
    bare = forge.createRepo("timmy", "t");
    forge.setTestCommand(
        "timmy", "t", List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-v"));
    api = new TestApi(forge.baseUrl(), TOKEN);
    clone = tmp.resolve("clone");
    git(tmp, "clone", "-q", bare.toString(), clone.toString());
    git(clone, "checkout", "-q", "-b", "main");
    commit(clone, "tests/test_ok.py", OK_TEST, "Add a passing test");
    git(clone, "push", "-q", "origin", "main");
    awaitCi();
  }

  void awaitCi() throws InterruptedException {
    if (!forge.awaitCiIdle(Duration.ofMinutes(2))) throw new AssertionError("CI did not finish");
  }

  /** Creates {@code branch} from the clone's main with one commit, pushes it; returns its head. */
  String pushBranch(String branch, String file, String text) {
    git(clone, "checkout", "-q", "-B", branch, "main");
    String sha = commit(clone, file, text, "Change " + file + " on " + branch);
    git(clone, "push", "-q", "-f", "origin", branch);
    git(clone, "checkout", "-q", "main");
    return sha;
  }

  /** Adds a commit to main through the clone (tests only: the product never pushes main). */
  String pushMain(String file, String text) {
    git(clone, "checkout", "-q", "main");
    git(clone, "pull", "-q", "--ff-only", "origin", "main");
    String sha = commit(clone, file, text, "Main: " + file);
    git(clone, "push", "-q", "origin", "main");
    return sha;
  }

  String remoteSha(String branch) {
    return git(bare, "rev-parse", "refs/heads/" + branch);
  }

  String repoPath() {
    return "/repos/timmy/t";
  }

  @Override
  public void close() {
    forge.close();
  }
}
