package dev.timmyloop.activities.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.PendingFinding;
import dev.timmyloop.activities.state.StateFileActivities.PendingFindings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13: findings a job hands over when it ends wait in findings-pending.json until filed. */
class FindingLedgerTest {
  @TempDir Path tmp;
  StateFileActivitiesImpl state;

  @BeforeEach
  void setUp() {
    state = new StateFileActivitiesImpl(ClaimHammer.config(tmp));
  }

  private static PendingFinding f(String signature, String body) {
    return new PendingFinding(signature, "bug", "title " + signature, body);
  }

  private List<String> signatures(int max) {
    return state.pendingFindings(max).findings().stream().map(PendingFinding::signature).toList();
  }

  @Test
  void pendingFindingsAreReadOldestFirstAndDroppedOnceFiled() {
    state.pendFindings(new PendingFindings(List.of(f("gave-up:#3", "a"), f("runtime:x:Y", "b"))));
    state.pendFindings(new PendingFindings(List.of(f("gave-up:#4", "c"))));

    assertEquals(List.of("gave-up:#3", "runtime:x:Y"), signatures(2));
    state.dropPendingFindings(List.of("gave-up:#3", "not-pending"));
    assertEquals(List.of("runtime:x:Y", "gave-up:#4"), signatures(5));
  }

  @Test
  void aSignatureHandedTwiceIsPendingOnceWithItsNewestBody() {
    state.pendFindings(new PendingFindings(List.of(f("gave-up:#3", "old"))));
    state.pendFindings(new PendingFindings(List.of(f("gave-up:#3", "new"))));

    List<PendingFinding> all = state.pendingFindings(10).findings();
    assertEquals(1, all.size());
    assertEquals("new", all.get(0).body());
  }

  @Test
  void theLedgerIsBounded() {
    state.pendFindings(
        new PendingFindings(
            IntStream.range(0, FindingLedger.MAX_PENDING + 5)
                .mapToObj(i -> f("s" + i, "b"))
                .toList()));

    List<String> kept = signatures(1000);
    assertEquals(FindingLedger.MAX_PENDING, kept.size());
    assertEquals("s5", kept.get(0), "the oldest dropped off the front");
  }

  @Test
  void aLedgerOfAnUnknownShapeIsMovedAsideNotEmptied() throws Exception {
    Path file = tmp.resolve(".loop").resolve("findings-pending.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[\"something else\"]");
    state = new StateFileActivitiesImpl(ClaimHammer.config(tmp));

    state.pendFindings(new PendingFindings(List.of(f("gave-up:#3", "a"))));

    assertEquals(List.of("gave-up:#3"), signatures(5));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertTrue(
          files.anyMatch(
              p -> p.getFileName().toString().startsWith("findings-pending.json.unreadable-")));
    }
  }
}
