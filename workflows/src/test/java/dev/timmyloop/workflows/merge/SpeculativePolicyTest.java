package dev.timmyloop.workflows.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.workflows.merge.LandingPolicy.Ci;
import dev.timmyloop.workflows.merge.LandingPolicy.CiState;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Act;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Again;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Built;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Eject;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Head;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Landed;
import dev.timmyloop.workflows.merge.SpeculativePolicy.RebuildAll;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The speculative queue's table: what is known of the head of the line → the next step. */
class SpeculativePolicyTest {
  private static final Head PUSHED = Head.built(Built.PUSHED, "");
  private static final Head GREEN = PUSHED.withCi(new CiState(Ci.GREEN, ""));

  private static Head merging(MergeStatus status) {
    return GREEN.tried(new MergeOutcome(status, "gitea says " + status));
  }

  @Test
  void aPushedCandidateWaitsForCiAndIsMergedOnlyOnGreen() {
    assertEquals(Act.AWAIT_CI, SpeculativePolicy.next(PUSHED));
    assertEquals(Act.MERGE, SpeculativePolicy.next(GREEN));
  }

  @Test
  void aRedOrUnfinishedCandidateIsEjectedWithWhatFailed() {
    Head red = PUSHED.withCi(new CiState(Ci.RED, "CI failure: [ci/unit failure]"));
    assertEquals(
        new Eject(LandStatus.CI_FAILED, "CI failure: [ci/unit failure]"),
        SpeculativePolicy.next(red));
    assertEquals(
        new Eject(LandStatus.CI_TIMEOUT, "CI did not finish"),
        SpeculativePolicy.next(PUSHED.withCi(new CiState(Ci.WAITING, ""))));
  }

  @Test
  void aCandidateThatConflictsOrCouldNotBePushedIsEjected() {
    assertEquals(
        new Eject(LandStatus.CONFLICT, "conflicts with main or the candidates before it: app.py"),
        SpeculativePolicy.next(Head.built(Built.CONFLICT, "app.py")));
    assertEquals(
        new Eject(LandStatus.NOT_READY, "the candidate's push was refused: stale info"),
        SpeculativePolicy.next(Head.built(Built.PUSH_REFUSED, "stale info")));
    assertThrows(
        IllegalStateException.class, () -> SpeculativePolicy.next(Head.built(Built.NONE, "")));
  }

  @Test
  void aMergeThatWentThroughLands() {
    for (MergeStatus s :
        List.of(MergeStatus.MERGED, MergeStatus.ALREADY_MERGED, MergeStatus.AUTO_MERGE_SCHEDULED)) {
      assertEquals(new Landed("gitea says " + s), SpeculativePolicy.next(merging(s)), s.name());
    }
  }

  @Test
  void aRefusedMergeLooksAtMainFirst() {
    assertEquals(
        Act.CHECK_MAIN, SpeculativePolicy.next(merging(MergeStatus.CONFLICT_OR_STALE_HEAD)));
    assertEquals(Act.CHECK_MAIN, SpeculativePolicy.next(merging(MergeStatus.NOT_READY)));
  }

  @Test
  void mainMovedBySomeoneElseRebuildsTheWholeLine() {
    Step step = SpeculativePolicy.next(merging(MergeStatus.CONFLICT_OR_STALE_HEAD).looked(true));
    assertEquals(new RebuildAll(), step);
    assertEquals(
        new RebuildAll(), SpeculativePolicy.next(merging(MergeStatus.NOT_READY).looked(true)));
  }

  @Test
  void mainStillButTheHeadStaleMeansTheBranchMovedAndIsEjected() {
    Step step = SpeculativePolicy.next(merging(MergeStatus.CONFLICT_OR_STALE_HEAD).looked(false));
    assertEquals(LandStatus.NOT_READY, ((Eject) step).status());
  }

  @Test
  void giteaNotReadyIsTriedAgainLaterEachRoundThenGivenUp() {
    Head notReady = merging(MergeStatus.NOT_READY).looked(false);
    assertEquals(new Again(Duration.ofSeconds(5)), SpeculativePolicy.next(notReady));
    Head second = notReady.nextRound();
    assertEquals(2, second.round());
    assertEquals(Act.MERGE, SpeculativePolicy.next(second), "CI seen green stays green");
    Head secondRefused = second.tried(new MergeOutcome(MergeStatus.NOT_READY, "405")).looked(false);
    assertEquals(new Again(Duration.ofSeconds(10)), SpeculativePolicy.next(secondRefused));
    Head last =
        secondRefused.nextRound().tried(new MergeOutcome(MergeStatus.NOT_READY, "")).looked(true);
    assertEquals(
        new Eject(LandStatus.NOT_READY, "not merged after 3 rounds: NOT_READY"),
        SpeculativePolicy.next(last),
        "even main moving does not rebuild for ever");
  }

  @Test
  void aCandidatesMessageIsTheTitleWithItsNumberThenTheBody() {
    assertEquals(
        "[loop-cycle-3] fix: crash (#7)\n\nCloses #7",
        SpeculativeQueue.message(
            new LandTicket("job", 12, "", "[loop-cycle-3] fix: crash (#7)", "Closes #7", 60)));
    assertEquals(
        "Tidy the docs (#12)",
        SpeculativeQueue.message(new LandTicket("", 12, "", " Tidy the docs ", "", 60)));
  }

  @Test
  void eachCandidateStandsOnTheOneBeforeItAndTheHeadOnMain() {
    List<String> candidates = List.of("c1", "c2", "c3");
    assertEquals("main", SpeculativePolicy.baseOf(0, candidates, "main"));
    assertEquals("c1", SpeculativePolicy.baseOf(1, candidates, "main"));
    assertEquals("c3", SpeculativePolicy.baseOf(3, candidates, "main"));
  }
}
