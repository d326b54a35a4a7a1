package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssueRankingTest {
  private static Issue issue(long n, String title, String created, String... labels) {
    return new Issue(n, title, "", false, List.of(labels), created, "", "open", false);
  }

  private static List<Long> numbers(List<IssueRef> refs) {
    return refs.stream().map(IssueRef::number).toList();
  }

  @Test
  void priorityLabelsComeFirstThenBugsThenOldest() {
    List<Issue> open =
        List.of(
            issue(1, "old feature", "2026-01-01T00:00:00Z"),
            issue(2, "[bug] crash", "2026-03-01T00:00:00Z"),
            issue(3, "urgent", "2026-05-01T00:00:00Z", "p1"),
            issue(4, "most urgent", "2026-06-01T00:00:00Z", "p0"),
            issue(5, "newer feature", "2026-02-01T00:00:00Z"),
            issue(6, "labelled bug", "2026-04-01T00:00:00Z", "bug"));
    assertEquals(List.of(4L, 3L, 2L, 6L, 1L, 5L), numbers(IssueRanking.rank(open, List.of())));
  }

  @Test
  void claimedAndHeldIssuesAreLeftOut() {
    List<Issue> open =
        List.of(
            issue(1, "a", "2026-01-01T00:00:00Z"),
            issue(2, "b", "2026-01-02T00:00:00Z", "needs-human"),
            issue(3, "c", "2026-01-03T00:00:00Z"));
    assertEquals(List.of(3L), numbers(IssueRanking.rank(open, List.of(1L))));
  }

  @Test
  void priorityAcceptsCommonSpellingsAndTheMostUrgentWins() {
    assertEquals(0, IssueRanking.priority(List.of("P3", "priority/p0")));
    assertEquals(2, IssueRanking.priority(List.of("priority: p2")));
    assertEquals(4, IssueRanking.priority(List.of("p4", "pp1")));
  }
}
