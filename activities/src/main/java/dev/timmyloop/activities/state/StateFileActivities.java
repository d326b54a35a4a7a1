package dev.timmyloop.activities.state;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * The loop's files: {@code .loop/state.json} (cycle records), {@code .loop/claims.json} (claims
 * with an expiry) and {@code workspace/correspondence.md}. Writes are atomic (temp file + rename).
 * A file that does not parse, or has a shape the loop does not know, is moved aside ({@code
 * *.unreadable-<time>}) and reported, never emptied or overwritten in place.
 */
@ActivityInterface(namePrefix = "State.")
public interface StateFileActivities {

  /**
   * Who holds a claim: the job a cycle dispatched to a pane, or whoever took it by hand.
   *
   * @param cycle the workflow id of the cycle whose job holds it; for a claim taken by hand, who
   *     took it ({@code ops assign}, {@code alice@host (timmy claim)})
   * @param host the pane's host; empty with one host
   * @param pane the tmux target, e.g. {@code Kimi:0.2}; empty for a claim taken by hand
   */
  record Holder(String cycle, String host, String pane) {
    public static Holder byHand(String who) {
      return new Holder(who, "", "");
    }

    /**
     * The pane as the loop shows it: {@code Kimi:0.2}, or {@code Kimi:0.2@b} with several hosts.
     */
    public String paneLabel() {
      return host.isEmpty() ? pane : pane + "@" + host;
    }

    /** {@code timmy-cycle-3 on Kimi:0.2@b}, or who took it by hand. */
    @Override
    public String toString() {
      return pane.isEmpty() ? cycle : cycle + " on " + paneLabel();
    }
  }

  record Claim(long issue, Holder holder, String claimedAt, String expiresAt) {}

  record ClaimRequest(long issue, Holder holder, long ttlSeconds) {}

  enum ClaimStatus {
    CLAIMED,
    /** Already ours (a retry); the expiry was renewed. */
    ALREADY_OURS,
    HELD_BY_OTHER
  }

  record ClaimOutcome(ClaimStatus status, Claim claim) {}

  record Release(long issue, Holder holder) {}

  /** What one pane did in a cycle. {@code outcome}: landed, failed, pending, idle. */
  record PaneRecord(String pane, long issue, long durationSeconds, String outcome) {}

  /**
   * What one agent profile did on one pane in the jobs that ended within a cycle.
   *
   * @param outcomes agent jobs by how they ended ({@code COMPLETED}, {@code SILENT}, …)
   * @param attempts agent jobs sent, a re-dispatch after {@code RETRY_LATER} included
   * @param totalSeconds how long those jobs ran, together
   * @param meanSeconds {@code totalSeconds / attempts}
   */
  record AgentRecord(
      String agent,
      String pane,
      Map<String, Integer> outcomes,
      int attempts,
      long totalSeconds,
      long meanSeconds) {}

  /**
   * One cycle, appended to {@code state.json}. Times are ISO-8601 from the workflow clock.
   *
   * @param agents per agent and pane
   */
  record CycleRecord(
      int cycle,
      String workflowId,
      String started,
      String ended,
      String outcome,
      List<Long> prsFixed,
      List<Long> prsParked,
      List<Long> issuesFiled,
      List<Long> dispatched,
      List<Long> landed,
      List<String> failures,
      List<PaneRecord> panes,
      List<AgentRecord> agents) {}

  /**
   * What the loop remembers.
   *
   * @param lastCycle the highest cycle number recorded (0 when none)
   * @param liveClaims claims not yet expired
   * @param expiredClaims claims past their expiry (free to take again)
   * @param reportedFailures signatures of main-branch failures already filed, issue number by
   *     signature
   * @param warnings files moved aside, and why
   */
  record LoopState(
      int lastCycle,
      List<Claim> liveClaims,
      List<Claim> expiredClaims,
      Map<String, Long> reportedFailures,
      List<String> warnings) {}

  record ReportedFailure(String signature, long issue) {}

  /**
   * How an issue job ended, for the record of its cycle. {@code outcome}: landed or failed, as in
   * {@link PaneRecord}.
   */
  record JobRecord(int cycle, long issue, String pane, String outcome, long durationSeconds) {}

  /**
   * A finding a job handed over when it ended ({@code findings-pending.json}), so one that ends
   * after its cycle's phase 5 is still filed by a later cycle. Fields as the workflows' {@code
   * Finding}.
   */
  record PendingFinding(String signature, String kind, String title, String body) {}

  record PendingFindings(List<PendingFinding> findings) {}

  @ActivityMethod
  LoopState readState();

  @ActivityMethod
  ClaimOutcome claim(ClaimRequest request);

  /** Drops the claim if {@code owner} holds it; a claim already gone is not an error. */
  @ActivityMethod
  void release(Release release);

  @ActivityMethod
  void appendCycleRecord(CycleRecord record);

  /**
   * A job that ended after its cycle's phase 5: its pane record (still "pending") gets the outcome
   * and duration, and a landed issue joins {@code landed}. Before the cycle is recorded, it is kept
   * until {@link #appendCycleRecord} writes that cycle.
   */
  @ActivityMethod
  void recordJobEnd(JobRecord end);

  /** Remembers that a failure on main was filed, so the next cycle does not file it again. */
  @ActivityMethod
  void rememberReportedFailure(ReportedFailure failure);

  /** Adds findings to the ledger; a signature already pending is kept once (the newest body). */
  @ActivityMethod
  void pendFindings(PendingFindings findings);

  /** The oldest {@code max} pending findings. */
  @ActivityMethod
  PendingFindings pendingFindings(int max);

  /** Removes these signatures from the ledger: filed, or already open on the forge. */
  @ActivityMethod
  void dropPendingFindings(List<String> signatures);

  /** Appends a Markdown section to {@code workspace/correspondence.md}. */
  @ActivityMethod
  void appendCorrespondence(String markdown);
}
