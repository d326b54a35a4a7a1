package dev.timmyloop.workflows.phases;

import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phase 5: await landings. The jobs land their own PRs and signal their ends; this waits for those
 * signals and one timer for the budget.
 */
public class AwaitLandingsImpl implements AwaitLandings {
  private static final Set<String> LANDED = Set.of("LANDED", "MERGED_ELSEWHERE");

  /** At most this many findings per job: the report travels in the cycle's history. */
  private static final int FINDINGS_PER_JOB = 10;

  /** Ends heard so far, by issue; the cycle forwards every end of its jobs. */
  private final Map<Long, IssueJobResult> ended = new LinkedHashMap<>();

  /** Jobs that pushed, opened their PR and gave their pane back. */
  private final Set<Long> freed = new HashSet<>();

  @Override
  public void jobEnded(IssueJobResult result) {
    if (result != null) ended.putIfAbsent(result.issue(), result);
  }

  @Override
  public void paneFreed(long issue) {
    freed.add(issue);
  }

  /**
   * Enough heard: every job ended with {@code landAll}, else one; when issues wait for a pane (and
   * not {@code landAll}) any pane given back counts too: a job of this cycle, or an adopted one of
   * an earlier cycle, that freed its pane or ended.
   */
  static boolean enough(
      List<Long> jobs, Set<Long> ended, Set<Long> freed, boolean landAll, boolean issuesWait) {
    long done = jobs.stream().filter(ended::contains).count();
    if (landAll) return done == jobs.size();
    if (issuesWait) return !ended.isEmpty() || !freed.isEmpty();
    return done >= 1;
  }

  @Override
  public LandingsReport await(AwaitInput input) {
    return TimmyAttributes.failedPhase(() -> awaitBody(input));
  }

  /** Waits for the jobs' end signals until enough have come or the budget is spent. */
  private LandingsReport awaitBody(AwaitInput input) {
    List<Assignment> jobs =
        input.jobs().stream().filter(a -> a.workflowId().startsWith("timmy-issue-")).toList();
    List<Long> older =
        input.issuesWait() && !input.landAll() && input.older() != null ? input.older() : List.of();
    adopt(older);
    if (jobs.isEmpty() && older.isEmpty())
      return new LandingsReport(
          List.of(), List.of(), List.of(), List.of(), "no jobs to wait for", List.of());
    Workflow.setCurrentDetails(
        "waiting for " + (input.landAll() ? "all of " : "the first of ") + jobs.size() + " jobs");
    List<Long> issues = jobs.stream().map(Assignment::issue).toList();
    try {
      Workflow.await(
          Duration.ofSeconds(input.budgetSeconds()),
          () -> enough(issues, ended.keySet(), freed, input.landAll(), input.issuesWait()));
    } catch (CanceledFailure e) {
      // The jobs outlive a cycle that ends, not one a person cancels: their cancellation cleans up
      // each worktree, claim and pane.
      Workflow.newDetachedCancellationScope(() -> jobs.forEach(a -> cancelJob(a.workflowId())))
          .run();
      throw e;
    }
    List<JobEnd> out = new ArrayList<>();
    List<Phases.Finding> findings = new ArrayList<>();
    for (Assignment a : jobs) {
      IssueJobResult r = ended.get(a.issue());
      out.add(jobEnd(a, r));
    }
    // An adopted job's findings too: its own cycle is over.
    for (IssueJobResult r : ended.values())
      r.findings().stream().limit(FINDINGS_PER_JOB).forEach(findings::add);
    return report(out, findings);
  }

  /**
   * Earlier cycles' jobs that still hold a pane tell this cycle too from now on (their own cycle is
   * over): with issues waiting, a pane they free is dispatched to at once, not a cycle later.
   */
  private static void adopt(List<Long> older) {
    String cycle = Workflow.getInfo().getParentWorkflowId().orElse("");
    if (cycle.isEmpty()) return;
    for (long issue : older) {
      try {
        Workflow.newExternalWorkflowStub(IssueJob.class, IssueJob.workflowId(issue))
            .listenTo(cycle);
      } catch (RuntimeException ended) {
        // The job is over: its pane is free already.
      }
    }
  }

  /** How one job ended, from its end signal (null: not heard of yet). */
  static JobEnd jobEnd(Assignment a, IssueJobResult r) {
    if (r == null)
      return new JobEnd(
          a.workflowId(), a.issue(), a.pane(), "pending", "still running", 0, "", "", 0);
    String outcome = r.outcome() == null ? "" : r.outcome().name();
    String agent = r.agent() == null ? "" : r.agent();
    String outcomes = r.agentOutcomes() == null ? "" : r.agentOutcomes();
    if (LANDED.contains(outcome)) {
      return new JobEnd(
          a.workflowId(),
          a.issue(),
          a.pane(),
          "landed",
          outcome,
          r.durationSeconds(),
          agent,
          outcomes,
          r.agentSeconds());
    }
    String why = outcome + ": " + (r.reason() == null ? "" : r.reason());
    return new JobEnd(
        a.workflowId(),
        a.issue(),
        a.pane(),
        "failed",
        why,
        r.durationSeconds(),
        agent,
        outcomes,
        r.agentSeconds());
  }

  private static LandingsReport report(List<JobEnd> out, List<Phases.Finding> findings) {
    List<Long> landed = new ArrayList<>();
    List<Long> failed = new ArrayList<>();
    List<Long> pending = new ArrayList<>();
    for (JobEnd job : out) {
      (job.outcome().equals("landed") ? landed : job.outcome().equals("pending") ? pending : failed)
          .add(job.issue());
    }
    String summary =
        String.format(
            "%d landed, %d failed, %d pending", landed.size(), failed.size(), pending.size());
    return new LandingsReport(landed, failed, pending, out, summary, findings);
  }

  private void cancelJob(String workflowId) {
    try {
      Workflow.newUntypedExternalWorkflowStub(workflowId).cancel();
    } catch (RuntimeException alreadyClosed) {
      // Nothing left to stop.
    }
  }
}
