package dev.timmyloop.workflows.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.PostedStatus;
import dev.timmyloop.workflows.phases.Phases.Finding;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTest {
  private static ActivityFailure failed(String activity, String type, String message) {
    return new ActivityFailure(
        "activity failed",
        1,
        2,
        activity,
        "7",
        RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
        "worker",
        ApplicationFailure.newNonRetryableFailure(message, type));
  }

  @Test
  void runtimeSignatureIsActivityAndTypeNotTheMessage() {
    Finding a =
        Findings.runtime(failed("Gitea.Merge", "GiteaAuth", "403 on PR #5"), "timmy-merge-x");
    Finding b =
        Findings.runtime(failed("Gitea.Merge", "GiteaAuth", "403 on PR #9"), "timmy-merge-x");
    assertEquals("runtime:Gitea.Merge:GiteaAuth", a.signature());
    assertEquals(a.signature(), b.signature());
    assertEquals(Findings.hash(a.signature()), Findings.hash(b.signature()));
    assertTrue(a.body().contains("timmy-merge-x") && a.body().contains("403 on PR #5"), a.body());
    assertEquals("runtime error in Gitea.Merge: GiteaAuth", a.title());
  }

  @Test
  void expectedAnswersAndCancellationsAreNoFindings() {
    assertNull(Findings.runtime(failed("Agent.Dispatch", "PaneBusy", "busy"), "w"));
    assertNull(Findings.runtime(new CanceledFailure("stop"), "w"));
    assertNull(Findings.runtime(ApplicationFailure.newFailure("no activity", "X"), "w"));
  }

  @Test
  void aCheckThatFailedThenPassedOnOneShaIsFlaky() {
    // newest first, as the forge lists statuses
    List<PostedStatus> history =
        List.of(
            new PostedStatus("ci/unit", "success", "Successful in 3s"),
            new PostedStatus("ci/lint", "failure", "Failing after 1s"),
            new PostedStatus("ci/unit", "failure", "Failing after 2s"),
            new PostedStatus("ci/unit", "pending", "Waiting to run"));
    List<Finding> flips = Findings.ciFlips("abc", 4, history);
    assertEquals(1, flips.size(), flips.toString());
    assertEquals("flaky:ci/unit", flips.get(0).signature());
  }

  @Test
  void aRunCancelledByALaterPushIsNoFlip() {
    // The sha's run was cancelled when another sha was pushed, then the sha was pushed again.
    for (String cancelled : List.of("Has been cancelled", "Canceled after 4s")) {
      List<PostedStatus> history =
          List.of(
              new PostedStatus("ci/unit", "success", "Successful in 3s"),
              new PostedStatus("ci/unit", "pending", "Waiting to run"),
              new PostedStatus("ci/unit", "failure", cancelled),
              new PostedStatus("ci/unit", "pending", "Waiting to run"));
      assertEquals(List.of(), Findings.ciFlips("abc", 4, history), cancelled);
    }
  }

  @Test
  void aGiveUpNamesEveryReasonTheAgentAndPaneWithinBounds() {
    Finding f =
        Findings.gaveUp(
            12, List.of("tests failed", "x".repeat(20_000)), "claude", "Kimi:0.1", "out");
    assertTrue(
        f.body().contains("Attempt 1 rejected") && f.body().contains("tests failed"), f.body());
    assertTrue(f.body().contains("`claude`") && f.body().contains("`Kimi:0.1`"), f.body());
    assertTrue(f.body().length() <= Findings.MAX_BODY, "bounded: " + f.body().length());
    assertEquals("gave-up:#12", f.signature());
  }

  @Test
  void theSameSignatureTwiceInACycleIsOneFinding() {
    Finding a = Findings.flakyTest("t", "main", "");
    assertEquals(1, Findings.unique(List.of(a, Findings.flakyTest("t", "CI", ""))).size());
  }
}
