package dev.timmyloop.activities.git;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The entries of {@code git worktree list --porcelain}: path, HEAD, branch (null when detached).
 */
record WorktreeList(List<Entry> entries) {

  record Entry(Path path, String head, String branch, boolean prunable) {}

  static WorktreeList parse(String porcelain) {
    List<Entry> entries = new ArrayList<>();
    Path path = null;
    String head = null;
    String branch = null;
    boolean prunable = false;
    for (String line : (porcelain + "\n\n").split("\n", -1)) {
      if (line.isEmpty()) {
        if (path != null) entries.add(new Entry(path, head, branch, prunable));
        path = null;
        head = null;
        branch = null;
        prunable = false;
      } else if (line.startsWith("worktree ")) {
        path = Path.of(line.substring("worktree ".length())).normalize();
      } else if (line.startsWith("HEAD ")) {
        head = line.substring("HEAD ".length());
      } else if (line.startsWith("branch ")) {
        branch = line.substring("branch ".length()).replaceFirst("^refs/heads/", "");
      } else if (line.startsWith("prunable")) {
        prunable = true;
      }
    }
    return new WorktreeList(entries);
  }

  Optional<Entry> at(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return entries.stream().filter(e -> e.path().equals(p)).findFirst();
  }

  Optional<Entry> onBranch(String branch) {
    return entries.stream().filter(e -> branch.equals(e.branch())).findFirst();
  }
}
