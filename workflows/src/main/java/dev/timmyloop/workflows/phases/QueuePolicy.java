package dev.timmyloop.workflows.phases;

import dev.timmyloop.workflows.phases.Phases.Finding;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Phase 3's decisions: how many issues to file, and which candidates survive deduplication. */
public final class QueuePolicy {
  /** The kinds a loop-generated issue may have, as in the old loop. */
  public static final Set<String> KINDS =
      Set.of("bug", "optimization", "feature", "refactor", "timmy-capability", "soul-gap");

  private QueuePolicy() {}

  /** Fill only when unclaimed issues are fewer than idle panes, and never past the cap. */
  public static int wanted(int unclaimed, int idlePanes, int cap) {
    return unclaimed >= idlePanes ? 0 : Math.min(idlePanes - unclaimed, cap);
  }

  /**
   * Up to {@code wanted} candidates, in order, whose kind is known and whose title is new: not an
   * open issue's and not another candidate's. Every candidate left out gets a line in {@code
   * skipped}.
   */
  public static List<Finding> select(
      List<Finding> candidates, List<String> openTitles, int wanted, List<String> skipped) {
    Set<String> seen = new HashSet<>();
    openTitles.forEach(t -> seen.add(Phases.normalizeTitle(t)));
    List<Finding> out = new java.util.ArrayList<>();
    for (Finding f : candidates) {
      String key = Phases.normalizeTitle(f.title());
      if (!KINDS.contains(f.kind())) {
        skipped.add("unknown kind '" + f.kind() + "': " + f.title());
      } else if (key.isEmpty()) {
        skipped.add("empty title");
      } else if (!seen.add(key)) {
        skipped.add("duplicate: " + f.title());
      } else if (out.size() >= wanted) {
        skipped.add("over the cap: " + f.title());
      } else {
        out.add(f);
      }
    }
    return out;
  }
}
