package dev.timmyloop.workflows.merge;

import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import java.time.Duration;

/**
 * Phase 5: the next step of landing one PR. Pure: the merge queue (and the issue job, before it
 * hands its PR to the queue) looks at the PR and its CI, asks this, and only carries the step out.
 */
public final class LandingPolicy {
  /** Rounds of rebase → CI → merge when the base moves under us. */
  public static final int ROUNDS = 3;

  private LandingPolicy() {}

  /**
   * The PR in this round, as far as it has been looked at.
   *
   * @param behind base commits its head lacks; null until compared (0 once rebased)
   * @param rebase this round's API rebase, null before one
   * @param merge this round's merge attempt, null before one
   */
  public record PrState(
      boolean merged, boolean open, Integer behind, UpdateOutcome rebase, MergeOutcome merge) {
    public static PrState of(PullRequest pr) {
      return new PrState(pr.merged(), "open".equals(pr.state()), null, null, null);
    }

    public PrState compared(int behindBy) {
      return new PrState(merged, open, behindBy, rebase, merge);
    }

    public PrState rebased(UpdateOutcome outcome) {
      return new PrState(merged, open, 0, outcome, merge);
    }

    public PrState tried(MergeOutcome outcome) {
      return new PrState(merged, open, behind, rebase, outcome);
    }
  }

  public enum Ci {
    UNKNOWN,
    WAITING,
    GREEN,
    RED
  }

  /** CI on the head to merge; {@code failing} names what did not pass, for the answer. */
  public record CiState(Ci verdict, String failing) {
    public static final CiState UNKNOWN = new CiState(Ci.UNKNOWN, "");

    /** Gitea's combined status; null: not waited for yet. */
    public static CiState of(CombinedStatus ci) {
      if (ci == null) return UNKNOWN;
      if (ci.waiting()) return new CiState(Ci.WAITING, "");
      if (ci.green()) return new CiState(Ci.GREEN, "");
      var failing =
          ci.statuses().stream()
              .filter(s -> !"success".equals(s.state()))
              .map(s -> s.context() + " " + s.state());
      return new CiState(Ci.RED, "CI " + ci.state() + ": " + failing.toList());
    }
  }

  public sealed interface Step permits Act, Again, Answer {}

  /**
   * COMPARE: fetch and count the base's commits the head lacks; REBASE: rebase it through the API
   * and read its new head; AWAIT_CI on the current head; MERGE: squash-merge the head seen green.
   */
  public enum Act implements Step {
    COMPARE,
    REBASE,
    AWAIT_CI,
    MERGE
  }

  /**
   * Start the next round after {@code pause}: the head moved while merging, or Gitea was not ready.
   */
  public record Again(Duration pause) implements Step {}

  /** Landing is over: the requester hears {@code status}. */
  public record Answer(LandStatus status, String why) implements Step {}

  /**
   * Round {@code round} (from 1) of landing; someone else's merge or close ends it before anything
   * else.
   */
  public static Step next(PrState pr, CiState ci, int round) {
    if (pr.merge() != null) return afterMerge(pr.merge(), round);
    if (pr.merged()) return new Answer(LandStatus.ALREADY_MERGED, "already merged");
    if (!pr.open()) return new Answer(LandStatus.CLOSED, "closed");
    if (pr.behind() == null) return Act.COMPARE;
    if (pr.rebase() != null && pr.rebase().status() == UpdateStatus.CONFLICT) {
      return new Answer(LandStatus.CONFLICT, "rebase conflicts: " + pr.rebase().message());
    }
    if (pr.behind() > 0) return Act.REBASE;
    return switch (ci.verdict()) {
      case UNKNOWN -> Act.AWAIT_CI;
      case WAITING -> new Answer(LandStatus.CI_TIMEOUT, "CI did not finish");
      case RED -> new Answer(LandStatus.CI_FAILED, ci.failing());
      case GREEN -> Act.MERGE;
    };
  }

  private static Step afterMerge(MergeOutcome merge, int round) {
    MergeStatus status = merge.status();
    if (status != MergeStatus.CONFLICT_OR_STALE_HEAD && status != MergeStatus.NOT_READY) {
      // Merged now, by an earlier try, or scheduled to merge once checks pass: landed.
      return new Answer(LandStatus.MERGED, merge.message());
    }
    if (round >= ROUNDS)
      return new Answer(LandStatus.NOT_READY, "not mergeable after " + ROUNDS + " rounds");
    // A moved head is looked at again at once; Gitea's "not ready" gets a little longer each round.
    return new Again(
        status == MergeStatus.NOT_READY ? Duration.ofSeconds(5L * round) : Duration.ZERO);
  }
}
