package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI wait polls quickly at first (issue 6: CI green → merge call within 0.5 s) and backs off to
 * the old fixed half second, so a long CI costs no more requests than before.
 */
class StatusWaiterTest {
  @Test
  void pausesGrowFromATenthOfASecondToHalfASecond() {
    List<Long> pauses = new ArrayList<>();
    long p = StatusWaiter.FIRST_POLL.toMillis();
    for (int i = 0; i < 7; i++) {
      pauses.add(p);
      p = StatusWaiter.next(p);
    }
    assertEquals(List.of(100L, 150L, 225L, 337L, 500L, 500L, 500L), pauses);
  }

  @Test
  void aLongWaitPollsAboutTwiceASecond() {
    long waited = 0;
    int polls = 0;
    for (long p = StatusWaiter.FIRST_POLL.toMillis(); waited < 600_000; p = StatusWaiter.next(p)) {
      waited += p;
      polls++;
    }
    // A fixed 500 ms poll makes 1,200 requests in ten minutes; the back-off adds three.
    assertEquals(1203, polls);
  }
}
