package dev.timmyloop.activities.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bare "origin" and a clone of it on {@code main} with one commit, identity set per repository.
 */
public final class GitFixture {
  public final Path root;
  public final Path origin;
  public final Path repo;
  public final Path worktreeRoot;

  private GitFixture(Path root) {
    this.root = root;
    this.origin = root.resolve("origin.git");
    this.repo = root.resolve("repo");
    this.worktreeRoot = root.resolve("worktrees");
  }

  public static GitFixture create(Path root) {
    GitFixture f = new GitFixture(root);
    git(root, "init", "-q", "--bare", "-b", "main", f.origin.toString());
    git(root, "clone", "-q", f.origin.toString(), f.repo.toString());
    identity(f.repo);
    git(f.repo, "checkout", "-q", "-B", "main");
    write(f.repo.resolve("README.md"), "hello\n");
    write(f.repo.resolve(".gitignore"), "*.log\n");
    git(f.repo, "add", "-A");
    git(f.repo, "commit", "-q", "-m", "initial");
    git(f.repo, "push", "-q", "-u", "origin", "main");
    return f;
  }

  public static void identity(Path repo) {
    git(repo, "config", "user.name", "Test");
    git(repo, "config", "user.email", "test@example.com");
  }

  public TimmyConfig config() {
    return config(Map.of());
  }

  public TimmyConfig config(Map<String, String> more) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", root.toString());
    env.put("TIMMY_REPO_PATH", repo.toString());
    env.put("TIMMY_WORKTREE_ROOT", worktreeRoot.toString());
    env.put("TIMMY_STATE_DIR", root.resolve("state").toString());
    env.putAll(more);
    return ConfigLoader.load(env, null);
  }

  /** Runs git, asserts success, returns trimmed stdout+stderr. */
  public static String git(Path dir, String... args) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "git " + String.join(" ", args) + ":\n" + out);
      return out.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits a file on origin's main through the clone, as another developer would. */
  public String advanceMain(String file, String text) {
    write(repo.resolve(file), text);
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "main: " + file);
    git(repo, "push", "-q", "origin", "main");
    return git(repo, "rev-parse", "HEAD");
  }
}
