package dev.timmyloop.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The git CLI, run with argv lists (never a shell), for the forge's bare repositories. */
final class GitOps {
  static final String ZERO = "0000000000000000000000000000000000000000";
  static final String NAME = "Sandbox Forge";
  static final String EMAIL = "forge@sandbox.invalid";

  /** The post-receive hook: append {@code old new ref} lines to the spool the forge watches. */
  private static final String POST_RECEIVE =
      "#!/bin/sh\n"
          + "# Sandbox forge: record pushes for CI (the forge polls this file).\n"
          + "spool=$(git config --get sandbox.spool) || exit 0\n"
          + "cat >> \"$spool\"\n";

  private static final List<String> IDENTITY =
      List.of("-c", "user.name=" + NAME, "-c", "user.email=" + EMAIL, "-c", "commit.gpgsign=false");

  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }
  }

  private GitOps() {}

  static Result run(Path dir, List<String> args) {
    return run(dir, args, true);
  }

  /**
   * Runs git; with {@code forgeIdentity} its commits are made as the forge, else as the repo's
   * config.
   */
  static Result run(Path dir, List<String> args, boolean forgeIdentity) {
    List<String> argv = new ArrayList<>(List.of("git"));
    if (forgeIdentity) argv.addAll(IDENTITY);
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    // A forge started from inside a git hook must not inherit that hook's repository.
    pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    try {
      Path err = Files.createTempFile("forge-git", ".err");
      try {
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Result(exit, out, Files.readString(err));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running git", e);
    }
  }

  /** Runs git and returns trimmed stdout; a failure is a surprise (500). */
  static String out(Path dir, String... args) {
    Result r = run(dir, List.of(args));
    if (!r.ok()) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + r.err.trim());
    }
    return r.out.trim();
  }

  static void initBare(Path gitDir, Path spool) {
    try {
      Files.createDirectories(gitDir);
      out(gitDir, "init", "--bare", "-q", "-b", "main", ".");
      out(gitDir, "config", "sandbox.spool", spool.toString());
      Files.writeString(spool, "");
      Path hook = gitDir.resolve("hooks/post-receive");
      Files.createDirectories(hook.getParent());
      Files.writeString(hook, POST_RECEIVE);
      Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Branch name → sha for every branch. */
  static Map<String, String> heads(Path gitDir) {
    Map<String, String> heads = new LinkedHashMap<>();
    String out = out(gitDir, "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/");
    for (String line : out.split("\n")) {
      int sp = line.indexOf(' ');
      if (sp > 0)
        heads.put(line.substring(sp + 1).substring("refs/heads/".length()), line.substring(0, sp));
    }
    return heads;
  }

  /** The commit a branch, sha or other revision names. */
  static Optional<String> resolve(Path gitDir, String rev) {
    if (rev.startsWith("-")) return Optional.empty();
    Result r = run(gitDir, List.of("rev-parse", "--verify", "--quiet", rev + "^{commit}"));
    return r.ok() ? Optional.of(r.out.trim()) : Optional.empty();
  }

  /** The tree of merging {@code theirs} into {@code ours}, or empty on conflict. */
  static Optional<String> mergeTree(Path gitDir, String ours, String theirs) {
    Result r = run(gitDir, List.of("merge-tree", "--write-tree", "--no-messages", ours, theirs));
    if (r.exit == 0) return Optional.of(r.out.lines().findFirst().orElseThrow().trim());
    if (r.exit == 1) return Optional.empty();
    throw new IllegalStateException("git merge-tree failed: " + r.err.trim());
  }

  static String commitTree(Path gitDir, String tree, List<String> parents, String message) {
    List<String> args = new ArrayList<>(List.of("commit-tree", tree));
    for (String p : parents) {
      args.add("-p");
      args.add(p);
    }
    args.add("-m");
    args.add(message);
    Result r = run(gitDir, args);
    if (!r.ok()) throw new IllegalStateException("git commit-tree failed: " + r.err.trim());
    return r.out.trim();
  }

  /** Moves {@code refs/heads/<branch>} from {@code expected} to {@code sha} (compare-and-swap). */
  static boolean updateBranch(Path gitDir, String branch, String sha, String expected) {
    return run(gitDir, List.of("update-ref", "refs/heads/" + branch, sha, expected)).ok();
  }

  static boolean deleteBranch(Path gitDir, String branch) {
    return run(gitDir, List.of("update-ref", "-d", "refs/heads/" + branch)).ok();
  }

  static boolean isAncestor(Path gitDir, String ancestor, String of) {
    return run(gitDir, List.of("merge-base", "--is-ancestor", ancestor, of)).ok();
  }

  /** Writes the tree of {@code sha} into {@code dest} (no .git), for a CI run. */
  static void export(Path gitDir, String sha, Path dest) throws IOException {
    Files.createDirectories(dest);
    Path tar = dest.resolveSibling(dest.getFileName() + ".tar");
    try {
      out(gitDir, "archive", "--format=tar", "-o", tar.toString(), sha);
      ProcessBuilder pb = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", dest.toString());
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new IOException("tar failed: " + out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) return;
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temp folder is harmless.
    }
  }
}
