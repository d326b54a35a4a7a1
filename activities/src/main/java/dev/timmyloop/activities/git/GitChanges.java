package dev.timmyloop.activities.git;

import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.git.GitActivities.Changes;
import dev.timmyloop.activities.git.GitActivities.FileChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phase 5 review: what a worktree changed since it left {@code base}, committed or not, untracked
 * files included. The real index is never touched: untracked files are added to a throw-away copy
 * of it.
 */
final class GitChanges {
  static final int DIFF_CHARS = 8 * 1024;
  private static final Pattern INSERTIONS = Pattern.compile("(\\d+) insertions?\\(\\+\\)");
  private static final Pattern DELETIONS = Pattern.compile("(\\d+) deletions?\\(-\\)");

  private final GitRunner git;

  GitChanges(GitRunner git) {
    this.git = git;
  }

  Changes read(Path dir, String base) {
    String mergeBase = git.ok(dir, "merge-base", base, "HEAD");
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("timmy-index");
      Path index = tmp.resolve("index");
      Path real = dir.resolve(git.ok(dir, "rev-parse", "--git-path", "index"));
      if (Files.exists(real)) Files.copy(real, index, StandardCopyOption.REPLACE_EXISTING);
      Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
      Duration t = Duration.ofMinutes(2);
      GitRunner.check(git.run(dir, env, t, "add", "-A"), "add");
      String nameStatus =
          GitRunner.check(
                  git.run(dir, env, t, "diff", "--cached", "-M", "--name-status", "-z", mergeBase),
                  "diff")
              .out();
      String stat =
          GitRunner.check(
                  git.run(dir, env, t, "diff", "--cached", "-M", "--shortstat", mergeBase), "diff")
              .out();
      String diff =
          GitRunner.check(git.run(dir, env, t, "diff", "--cached", "-M", mergeBase), "diff").out();
      return new Changes(
          parseNameStatus(nameStatus),
          count(INSERTIONS, stat),
          count(DELETIONS, stat),
          Text.head(diff, DIFF_CHARS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (tmp != null) GitWorktrees.deleteTree(tmp);
    }
  }

  /** {@code git diff --name-status -z}: {@code M\0path\0} or {@code R100\0old\0new\0}. */
  static List<FileChange> parseNameStatus(String z) {
    List<FileChange> out = new ArrayList<>();
    String[] f = z.split("\0");
    for (int i = 0; i + 1 < f.length; ) {
      String status = f[i].strip();
      if (status.isEmpty()) {
        i++;
        continue;
      }
      char kind = status.charAt(0);
      if ((kind == 'R' || kind == 'C') && i + 2 < f.length) {
        out.add(new FileChange(f[i + 2], String.valueOf(kind), f[i + 1]));
        i += 3;
      } else {
        out.add(new FileChange(f[i + 1], String.valueOf(kind), null));
        i += 2;
      }
    }
    return out;
  }

  private static int count(Pattern p, String stat) {
    Matcher m = p.matcher(stat);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
