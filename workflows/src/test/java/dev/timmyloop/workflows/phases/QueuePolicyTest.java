package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.workflows.phases.Phases.Finding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuePolicyTest {
  @Test
  void fillsOnlyWhenUnclaimedIssuesAreFewerThanIdlePanesAndNeverPastTheCap() {
    assertEquals(0, QueuePolicy.wanted(4, 4, 3));
    assertEquals(0, QueuePolicy.wanted(5, 2, 3));
    assertEquals(2, QueuePolicy.wanted(2, 4, 3));
    assertEquals(3, QueuePolicy.wanted(0, 4, 3));
    assertEquals(0, QueuePolicy.wanted(0, 4, 0));
  }

  @Test
  void duplicatesUnknownKindsAndOverflowAreSkippedWithAReason() {
    List<Finding> candidates =
        List.of(
            new Finding("feature", "Add a --json flag", "", "a"),
            new Finding("feature", "add a JSON flag", "", "b"),
            new Finding("bug", "Crash on empty input", "", "c"),
            new Finding("chore", "Tidy up", "", "d"),
            new Finding("refactor", "Split the parser", "", "e"),
            new Finding("refactor", "One too many", "", "f"));
    List<String> skipped = new ArrayList<>();
    List<Finding> chosen =
        QueuePolicy.select(
            candidates, List.of("[loop-generated] [bug] crash on EMPTY input"), 2, skipped);
    assertEquals(
        List.of("Add a --json flag", "Split the parser"),
        chosen.stream().map(Finding::title).toList());
    assertEquals(4, skipped.size());
    assertTrue(skipped.stream().anyMatch(s -> s.startsWith("unknown kind 'chore'")));
    assertTrue(skipped.stream().anyMatch(s -> s.startsWith("over the cap")));
  }

  @Test
  void titlesAreComparedWithoutTheLoopTags() {
    assertEquals(
        Phases.normalizeTitle("Crash on empty input"),
        Phases.normalizeTitle("[loop-generated] [bug] crash on empty   input!"));
  }
}
