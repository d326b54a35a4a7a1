package dev.timmyloop.activities.gitea;

import dev.timmyloop.sandbox.SandboxForge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A real {@link SandboxForge} for the client's integration tests: one forge, and per test a fresh
 * repository holding a one-test Python project on main (CI green) with a working clone to push
 * from. CI runs plain unittest to stay quick.
 */
final class SandboxGitea implements AutoCloseable {
  static final String TOKEN = "sandbox-SENTINEL-4b1e-token";
  static final String OWNER = "timmy";
  static final List<String> UNITTEST =
      List.of("python3", "-m", "unittest", "discover", "-s", "tests", "-v");
  static final String PASSING_TEST = test("OkTest", "test_ok", "self.assertTrue(True)");
  static final String FAILING_TEST =
      test("BadTest", "test_answer_is_42", "self.assertEqual(41, 42, 'the answer drifted')");

  final SandboxForge forge;
  private final Path root;
  private final AtomicInteger repos = new AtomicInteger();

  SandboxGitea(Path root) throws IOException {
    this.root = root;
    this.forge = SandboxForge.start(root.resolve("forge"), 0, TOKEN);
  }

  /** A new repository with main pushed and its CI finished green. */
  Repo repo() throws InterruptedException {
    return repo(UNITTEST);
  }

  /** As {@link #repo()}; CI runs {@code testCommand} for every push after main's first. */
  Repo repo(List<String> testCommand) throws InterruptedException {
    String name = "r" + repos.incrementAndGet();
    Path bare = forge.createRepo(OWNER, name);
    forge.setTestCommand(OWNER, name, UNITTEST);
    Path work = root.resolve("clones").resolve(name);
    git(root, "clone", "-q", bare.toString(), work.toString());
    git(work, "checkout", "-q", "-b", "main");
    commit(work, "tests/test_ok.py", PASSING_TEST, "Add a passing test");
    git(work, "push", "-q", "origin", "main");
    awaitCi();
    forge.setTestCommand(OWNER, name, testCommand);
    return new Repo(name, bare, work);
  }

  void awaitCi() throws InterruptedException {
    if (!forge.awaitCiIdle(Duration.ofMinutes(2))) throw new AssertionError("CI did not finish");
  }

  GiteaOptions options(Repo repo, Supplier<String> token) {
    return new GiteaOptions(
        forge.baseUrl(),
        OWNER,
        repo.name(),
        token,
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        GiteaOptions.MAX_PAGE_SIZE);
  }

  GiteaClient client(Repo repo) {
    return new GiteaClient(options(repo, () -> TOKEN));
  }

  GiteaActivitiesImpl activities(Repo repo) {
    return new GiteaActivitiesImpl(options(repo, () -> TOKEN));
  }

  @Override
  public void close() {
    forge.close();
  }

  /** A forge repository with its working clone. */
  record Repo(String name, Path bare, Path work) {
    /** Creates {@code branch} from main with one commit writing {@code file}; returns its head. */
    String pushBranch(String branch, String file, String text) {
      git(work, "checkout", "-q", "-B", branch, "main");
      String sha = commit(work, file, text, "Change " + file + " on " + branch);
      git(work, "push", "-q", "-f", "origin", branch);
      git(work, "checkout", "-q", "main");
      return sha;
    }

    /** One more commit on an existing branch; returns the new head. */
    String pushMore(String branch, String file, String text) {
      git(work, "checkout", "-q", branch);
      String sha = commit(work, file, text, "More " + file + " on " + branch);
      git(work, "push", "-q", "origin", branch);
      git(work, "checkout", "-q", "main");
      return sha;
    }

    /** A commit on main (tests only: the product never pushes main). */
    String pushMain(String file, String text) {
      git(work, "checkout", "-q", "main");
      git(work, "pull", "-q", "--ff-only", "origin", "main");
      String sha = commit(work, file, text, "Main: " + file);
      git(work, "push", "-q", "origin", "main");
      return sha;
    }

    String remote(String rev) {
      return git(bare, "rev-parse", rev);
    }
  }

  static String test(String cls, String method, String body) {
    return "import unittest\n\nclass "
        + cls
        + "(unittest.TestCase):\n    def "
        + method
        + "(self):\n        "
        + body
        + "\n";
  }

  /** Runs git with a local identity; fails loudly; returns trimmed output. */
  static String git(Path dir, String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=Test"));
    argv.addAll(List.of("-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"));
    argv.addAll(List.of(args));
    try {
      ProcessBuilder pb =
          new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new AssertionError("git " + String.join(" ", args) + ":\n" + out);
      return out.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String commit(Path dir, String file, String text, String message) {
    try {
      Path p = dir.resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git(dir, "add", "--", file);
    git(dir, "commit", "-q", "-m", message);
    return git(dir, "rev-parse", "HEAD");
  }
}
