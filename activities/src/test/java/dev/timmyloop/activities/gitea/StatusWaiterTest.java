package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI wait polls quickly at first (CI green → merge call within half a second for a short CI)
 * and then by a fifth of the time waited, so a long CI costs a few dozen requests, not two a
 * second.
 */
class StatusWaiterTest {
  @Test
  void pausesStartAtATenthOfASecondAndGrowWithTheWait() {
    List<Long> pauses = new ArrayList<>();
    for (long waited : new long[] {0, 400, 500, 2_500, 30_000, 75_000, 600_000}) {
      pauses.add(StatusWaiter.pause(waited));
    }
    assertEquals(List.of(100L, 100L, 100L, 500L, 6_000L, 15_000L, 15_000L), pauses);
  }

  @Test
  void requestsGrowWithTheLogOfTheWaitUpToTheCap() {
    assertEquals(29, polls(30_000), "a CI of 30 s");
    assertEquals(69, polls(600_000), "a CI of ten minutes (a fixed half second: 1,200)");
  }

  private static int polls(long ciMillis) {
    long waited = 0;
    int polls = 0;
    while (waited < ciMillis) {
      waited += StatusWaiter.pause(waited);
      polls++;
    }
    return polls + 1;
  }
}
