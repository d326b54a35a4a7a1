package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.support.Labels;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Phase 2: which unclaimed issue comes first. Pure: a table test covers it without Temporal. */
public final class IssueRanking {
  /** Issues carrying one of these labels are never dispatched. */
  public static final Set<String> HOLD_LABELS =
      Set.of(Labels.NEEDS_HUMAN, "wip", "do-not-merge", "blocked");

  private static final Pattern PRIORITY = Pattern.compile("^(?:priority\\s*[:/-]?\\s*)?p([0-3])$");

  private IssueRanking() {}

  /**
   * {@code p0}–{@code p3} labels first, then {@code [bug]} before the rest, then oldest, then
   * lowest number.
   */
  public static List<IssueRef> rank(List<Issue> open, Collection<Long> claimed) {
    return open.stream()
        .filter(i -> !claimed.contains(i.number()))
        .filter(
            i ->
                i.labels().stream()
                    .noneMatch(l -> HOLD_LABELS.contains(l.toLowerCase(Locale.ROOT))))
        .sorted(
            Comparator.comparingInt((Issue i) -> priority(i.labels()))
                .thenComparingInt(i -> isBug(i) ? 0 : 1)
                .thenComparing(i -> i.createdAt() == null ? "" : i.createdAt())
                .thenComparingLong(Issue::number))
        .map(i -> new IssueRef(i.number(), i.title(), i.labels(), i.createdAt()))
        .toList();
  }

  /** 0–3 for a {@code p0}–{@code p3} label (the most urgent wins), 4 without one. */
  static int priority(List<String> labels) {
    int best = 4;
    for (String label : labels) {
      Matcher m = PRIORITY.matcher(label.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) best = Math.min(best, Integer.parseInt(m.group(1)));
    }
    return best;
  }

  static boolean isBug(Issue issue) {
    return issue.title().toLowerCase(Locale.ROOT).contains("[bug]")
        || issue.labels().stream().anyMatch(l -> l.equalsIgnoreCase("bug"));
  }
}
