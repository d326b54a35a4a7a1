package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.gitea.GiteaActivities.Status;
import java.util.List;
import java.util.Map;

/**
 * Gitea's own rule for a combined state: the worst state wins (modules/structs/commit_status.go).
 */
final class CommitStates {
  private static final Map<String, Integer> PRIORITY =
      Map.of("error", 0, "failure", 1, "warning", 2, "pending", 3, "success", 4, "skipped", 5);

  private CommitStates() {}

  /** {@code ""} for no statuses, as Gitea says when nothing was posted yet. */
  static String combine(List<Status> statuses) {
    if (statuses.isEmpty()) return "";
    String state = "success";
    for (Status s : statuses) {
      String candidate = s.state();
      // Unknown states rank like "error", as in Gitea.
      if (PRIORITY.getOrDefault(candidate, 0) < PRIORITY.get(state)) state = candidate;
    }
    return state;
  }
}
