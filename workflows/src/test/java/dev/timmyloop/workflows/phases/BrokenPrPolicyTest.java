package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Fate;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Land;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Leave;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.PrAction;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.PrSnapshot;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Repair;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Settled;
import dev.timmyloop.workflows.repair.PrRepair.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phase 1's table: situation → decision. */
class BrokenPrPolicyTest {
  private static PrSnapshot pr(
      int behind, String ci, boolean mergeable, boolean inProgress, String... labels) {
    return new PrSnapshot(
        7,
        "[loop-cycle-3] fix: x (#2)",
        "fix/2-x",
        "abc",
        behind,
        ci,
        mergeable,
        List.of(labels),
        inProgress);
  }

  private static Class<? extends PrAction> kind(PrSnapshot pr) {
    return BrokenPrPolicy.decide(pr).getClass();
  }

  @Test
  void redCiIsRepairedEvenWhenBehind() {
    assertEquals(
        new Repair(Reason.CI_FAILED), BrokenPrPolicy.decide(pr(3, "failure", true, false)));
    assertEquals(new Repair(Reason.CI_FAILED), BrokenPrPolicy.decide(pr(0, "error", true, false)));
  }

  @Test
  void staleGreenPrIsRebasedAndLanded() {
    assertEquals(new Land(true), BrokenPrPolicy.decide(pr(2, "success", true, false)));
  }

  @Test
  void stalePrThatMayConflictGoesThroughTheQueueFirst() {
    // The API rebase tells whether it conflicts; the queue answers CONFLICT and phase 1 repairs
    // then.
    assertEquals(new Land(true), BrokenPrPolicy.decide(pr(2, "success", false, false)));
  }

  @Test
  void upToDateGreenPrLands() {
    assertEquals(new Land(false), BrokenPrPolicy.decide(pr(0, "success", true, false)));
  }

  @Test
  void waitingCiAndRunningJobsAndParkedPrsAreLeftAlone() {
    assertEquals(Leave.class, kind(pr(0, "", true, false)));
    assertEquals(Leave.class, kind(pr(0, "pending", true, false)));
    assertEquals(Leave.class, kind(pr(0, "failure", true, true)));
    assertEquals(Leave.class, kind(pr(0, "failure", true, false, "needs-human")));
    assertEquals(Leave.class, kind(pr(0, "success", false, false)));
  }

  @Test
  void afterLandingMergedIsDoneAndRedOrConflictedIsRepaired() {
    assertEquals(
        new Settled(Fate.MERGED, "ok"),
        BrokenPrPolicy.afterLanding(LandStatus.MERGED, "ok", false));
    assertEquals(
        new Settled(Fate.MERGED, "ok"),
        BrokenPrPolicy.afterLanding(LandStatus.ALREADY_MERGED, "ok", false));
    assertEquals(
        new Repair(Reason.CI_FAILED),
        BrokenPrPolicy.afterLanding(LandStatus.CI_FAILED, "red", false));
    assertEquals(
        new Repair(Reason.CONFLICT),
        BrokenPrPolicy.afterLanding(LandStatus.CONFLICT, "app.py", false));
  }

  @Test
  void afterLandingAClosedPrIsLeftAndAnythingElseIsBroken() {
    assertEquals(
        new Settled(Fate.UNTOUCHED, "closed meanwhile"),
        BrokenPrPolicy.afterLanding(LandStatus.CLOSED, "closed", false));
    assertEquals(
        new Settled(Fate.BROKEN, "CI_TIMEOUT: slow"),
        BrokenPrPolicy.afterLanding(LandStatus.CI_TIMEOUT, "slow", false));
    assertEquals(
        new Settled(Fate.BROKEN, "NOT_READY: auth"),
        BrokenPrPolicy.afterLanding(LandStatus.NOT_READY, "auth", false));
  }

  @Test
  void afterARepairThePrIsMergedOrStaysBroken_neverRepairedTwice() {
    for (LandStatus s : LandStatus.values()) {
      boolean merged = s == LandStatus.MERGED || s == LandStatus.ALREADY_MERGED;
      assertEquals(
          new Settled(merged ? Fate.MERGED : Fate.BROKEN, "why"),
          BrokenPrPolicy.afterLanding(s, "why", true),
          s.name());
    }
  }
}
