package dev.timmyloop.workflows.merge;

import dev.timmyloop.activities.temporal.TemporalActivities;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.workflows.phases.Phases.Finding;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Lands PRs into one base branch one at a time, so two jobs never race (Kodiak's one consumer per
 * branch). Its id is derived from the repository ({@link #workflowId}); requests arrive by
 * signal-with-start, results go back to the requester's {@link LandingRequester#landed} signal. No
 * locks.
 *
 * <p>Landing one PR: if it is behind its base, rebase it through the API and wait for CI on the new
 * head; merge by squash with {@code head_commit_id} = the sha seen green. With {@code mergeMode:
 * speculative}, several PRs get stacked candidates in CI at once and the first is merged
 * fast-forward-only ({@link SpeculativeQueue}).
 */
@WorkflowInterface
public interface MergeQueue {

  enum LandStatus {
    MERGED,
    ALREADY_MERGED,
    CLOSED,
    CI_FAILED,
    CI_TIMEOUT,
    CONFLICT,
    NOT_READY
  }

  /**
   * @param headSha the head that was merged or that failed
   * @param rebased the queue rebased the PR onto its base first (it was behind)
   * @param failure an activity that failed for good while landing (a finding to file), else null
   */
  record LandResult(
      long pull,
      LandStatus status,
      String headSha,
      String mergeCommitSha,
      boolean rebased,
      String message,
      Finding failure) {}

  /**
   * @param branches speculative mode: the PRs whose branch holds a candidate, with their own head
   */
  record QueueState(List<LandTicket> pending, long landedSoFar, List<BranchHead> branches) {
    public QueueState(List<LandTicket> pending, long landedSoFar) {
      this(pending, landedSoFar, List.of());
    }
  }

  /** A PR whose branch the speculative queue moved to a candidate; {@code original} its head. */
  record BranchHead(long pull, String original) {}

  /** The queue of one repository: {@code timmy-merge-<owner>-<repo>}. */
  static String workflowId(String repository) {
    return "timmy-merge-" + repository.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  @WorkflowMethod
  void run(QueueState carried);

  @SignalMethod(name = TemporalActivities.ENQUEUE_SIGNAL)
  void enqueue(LandTicket ticket);

  @QueryMethod
  List<LandTicket> pending();
}
