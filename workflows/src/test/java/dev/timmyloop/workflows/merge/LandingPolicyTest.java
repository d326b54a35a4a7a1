package dev.timmyloop.workflows.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.Status;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.workflows.merge.LandingPolicy.Act;
import dev.timmyloop.workflows.merge.LandingPolicy.Again;
import dev.timmyloop.workflows.merge.LandingPolicy.Answer;
import dev.timmyloop.workflows.merge.LandingPolicy.Ci;
import dev.timmyloop.workflows.merge.LandingPolicy.CiState;
import dev.timmyloop.workflows.merge.LandingPolicy.PrState;
import dev.timmyloop.workflows.merge.LandingPolicy.Step;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Phase 5's landing table: what the queue knows of the PR in this round → the next step. */
class LandingPolicyTest {
  private static final PrState OPEN = new PrState(false, true, null, null, null);
  private static final PrState UP_TO_DATE = OPEN.compared(0);
  private static final CiState GREEN = new CiState(Ci.GREEN, "");

  private static Step next(PrState pr, CiState ci) {
    return LandingPolicy.next(pr, ci, 1);
  }

  private static PrState merging(MergeStatus status) {
    return UP_TO_DATE.tried(new MergeOutcome(status, "gitea says " + status));
  }

  @Test
  void anOpenPrIsFirstComparedWithItsBase() {
    assertEquals(Act.COMPARE, next(OPEN, CiState.UNKNOWN));
  }

  @Test
  void aPrBehindItsBaseIsRebasedBeforeCi() {
    assertEquals(Act.REBASE, next(OPEN.compared(2), CiState.UNKNOWN));
    assertEquals(Act.REBASE, next(OPEN.compared(2), GREEN), "green on the old head does not count");
  }

  @Test
  void aRebasedPrWaitsForCiOnItsNewHead() {
    PrState rebased = OPEN.compared(2).rebased(new UpdateOutcome(UpdateStatus.UPDATED, ""));
    assertEquals(Act.AWAIT_CI, next(rebased, CiState.UNKNOWN));
    PrState upToDate =
        OPEN.compared(2).rebased(new UpdateOutcome(UpdateStatus.ALREADY_UP_TO_DATE, ""));
    assertEquals(Act.AWAIT_CI, next(upToDate, CiState.UNKNOWN));
  }

  @Test
  void aRebaseThatConflictsIsAnsweredForARepair() {
    PrState conflict = OPEN.compared(2).rebased(new UpdateOutcome(UpdateStatus.CONFLICT, "app.py"));
    assertEquals(
        new Answer(LandStatus.CONFLICT, "rebase conflicts: app.py"),
        next(conflict, CiState.UNKNOWN));
  }

  @Test
  void anUpToDatePrWaitsForCiThenMergesWhenGreen() {
    assertEquals(Act.AWAIT_CI, next(UP_TO_DATE, CiState.UNKNOWN));
    assertEquals(Act.MERGE, next(UP_TO_DATE, GREEN));
  }

  @Test
  void redOrUnfinishedCiIsAnsweredAndNotMerged() {
    CiState red =
        CiState.of(
            new CombinedStatus(
                "abc",
                "failure",
                List.of(
                    new Status("ci/unit", "failure", "", ""),
                    new Status("ci/lint", "success", "", ""))));
    assertEquals(
        new Answer(LandStatus.CI_FAILED, "CI failure: [ci/unit failure]"), next(UP_TO_DATE, red));
    CiState pending = CiState.of(new CombinedStatus("abc", "pending", List.of()));
    assertEquals(new Answer(LandStatus.CI_TIMEOUT, "CI did not finish"), next(UP_TO_DATE, pending));
  }

  @Test
  void ciStateReadsGiteasCombinedStatus() {
    assertEquals(CiState.UNKNOWN, CiState.of(null));
    assertEquals(Ci.WAITING, CiState.of(new CombinedStatus("abc", "", List.of())).verdict());
    assertEquals(Ci.GREEN, CiState.of(new CombinedStatus("abc", "success", List.of())).verdict());
    assertEquals(Ci.RED, CiState.of(new CombinedStatus("abc", "error", List.of())).verdict());
  }

  @Test
  void aPrMergedOrClosedBySomeoneElseIsAnsweredAtOnce() {
    assertEquals(
        new Answer(LandStatus.ALREADY_MERGED, "already merged"),
        next(new PrState(true, false, null, null, null), CiState.UNKNOWN));
    assertEquals(
        new Answer(LandStatus.ALREADY_MERGED, "already merged"),
        next(new PrState(true, false, 0, null, null), new CiState(Ci.RED, "CI failure")),
        "merged beats red CI");
    assertEquals(
        new Answer(LandStatus.CLOSED, "closed"),
        next(new PrState(false, false, null, null, null), CiState.UNKNOWN));
  }

  @Test
  void aMergeThatWentThroughIsLanded() {
    for (MergeStatus landed :
        List.of(MergeStatus.MERGED, MergeStatus.ALREADY_MERGED, MergeStatus.AUTO_MERGE_SCHEDULED)) {
      assertEquals(
          new Answer(LandStatus.MERGED, "gitea says " + landed),
          next(merging(landed), GREEN),
          landed.name());
    }
  }

  @Test
  void aHeadThatMovedWhileMergingStartsTheNextRoundAtOnce() {
    assertEquals(
        new Again(Duration.ZERO),
        LandingPolicy.next(merging(MergeStatus.CONFLICT_OR_STALE_HEAD), GREEN, 1));
    assertEquals(
        new Again(Duration.ZERO),
        LandingPolicy.next(merging(MergeStatus.CONFLICT_OR_STALE_HEAD), GREEN, 2));
  }

  @Test
  void giteaNotReadyWaitsLongerEachRound() {
    assertEquals(
        new Again(Duration.ofSeconds(5)),
        LandingPolicy.next(merging(MergeStatus.NOT_READY), GREEN, 1));
    assertEquals(
        new Again(Duration.ofSeconds(10)),
        LandingPolicy.next(merging(MergeStatus.NOT_READY), GREEN, 2));
  }

  @Test
  void theLastRoundThatDoesNotMergeIsAnsweredNotReady() {
    Answer notReady = new Answer(LandStatus.NOT_READY, "not mergeable after 3 rounds");
    assertEquals(
        notReady, LandingPolicy.next(merging(MergeStatus.NOT_READY), GREEN, LandingPolicy.ROUNDS));
    assertEquals(
        notReady,
        LandingPolicy.next(
            merging(MergeStatus.CONFLICT_OR_STALE_HEAD), GREEN, LandingPolicy.ROUNDS));
  }
}
