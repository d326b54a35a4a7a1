package dev.timmyloop.workflows.cycle;

import dev.timmyloop.workflows.issue.JobEndListener;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One cycle of the Timmy loop: the six phases of the old prompt, each a child workflow with the id
 * {@code timmy-cycle-<N>/phase-<k>-<name>}. Its issue jobs signal their ends to it ({@link
 * JobEndListener}), and it hands them on to phase 5. Start it as {@code timmy-cycle-<N>} on task
 * queue {@code timmy-loop}, from {@code ./timmy cycle start}, the Temporal UI or the {@code
 * temporal} CLI.
 */
@WorkflowInterface
public interface TimmyCycle extends JobEndListener {

  /**
   * Every field is optional; {@code {}} and no input at all both work.
   *
   * @param cycle the cycle number; default: taken from the workflow id {@code timmy-cycle-<N>},
   *     else the last recorded cycle + 1
   * @param maxDispatch how many issues to dispatch at most (default: {@code maxDispatch} of the
   *     worker)
   * @param dryRun assess and decide, but file, dispatch, rebase, repair and merge nothing
   * @param landAll phase 5 waits for every dispatched job instead of the first (the demo uses it)
   * @param budgetSeconds how long phase 5 waits at most (default: {@code cycleBudget} of the
   *     worker)
   */
  record CycleInput(
      Integer cycle, Integer maxDispatch, Boolean dryRun, Boolean landAll, Long budgetSeconds) {
    public static CycleInput defaults() {
      return new CycleInput(null, null, null, null, null);
    }
  }

  /** One row of the cycle's table: what a phase did and how long it took. */
  record PhaseReport(int phase, String name, String summary, long durationMillis) {}

  /**
   * @param outcome {@code ok}, {@code blocked} (broken PRs left unparked, no new work started) or
   *     {@code failed} (a phase failed; {@code failures} says which)
   * @param issuesFiled issues filed in phases 2 and 3, and findings filed at the cycle's end
   * @param waiting unclaimed issues phase 4 left undispatched (no pane, or the dispatch cap)
   */
  record CycleResult(
      int cycle,
      String outcome,
      List<PhaseReport> phases,
      List<Long> prsFixed,
      List<Long> prsParked,
      List<Long> issuesFiled,
      List<Long> dispatched,
      List<Long> landed,
      List<Long> failed,
      List<Long> pending,
      List<String> failures,
      int waiting) {}

  @WorkflowMethod
  CycleResult run(CycleInput input);

  /** The phase running now, e.g. {@code phase-4-dispatch}. */
  @QueryMethod
  String currentPhase();
}
