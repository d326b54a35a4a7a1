package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.temporal.TemporalActivities;
import dev.timmyloop.activities.temporal.TemporalActivities.AwaitWorkflows;
import dev.timmyloop.activities.temporal.TemporalActivities.WorkflowEnd;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phase 5: poll and land. The jobs land their own PRs and signal their ends; this waits for those
 * signals and one timer for the budget. Phases started before the signals existed still wait in one
 * heartbeating activity that polls Temporal ({@code awaitWorkflows}).
 */
public class PollAndLandImpl implements PollAndLand {
  private static final Set<String> LANDED = Set.of("LANDED", "MERGED_ELSEWHERE");
  /** At most this many findings per job, as the polling path read. */
  private static final int FINDINGS_PER_JOB = 10;

  /** Ends heard so far, by issue; the cycle forwards every end of its jobs. */
  private final Map<Long, IssueJobResult> ended = new LinkedHashMap<>();

  @Override
  public void jobEnded(IssueJobResult result) {
    if (result != null) ended.putIfAbsent(result.issue(), result);
  }

  @Override
  public PollReport poll(PollInput input) {
    return TimmyAttributes.failedPhase(() -> pollBody(input));
  }

  private PollReport pollBody(PollInput input) {
    List<Assignment> jobs = input.jobs().stream().filter(a -> a.workflowId().startsWith("timmy-issue-")).toList();
    if (jobs.isEmpty()) return new PollReport(List.of(), List.of(), List.of(), List.of(), "no jobs to wait for");
    Workflow.setCurrentDetails("waiting for " + (input.landAll() ? "all of " : "the first of ") + jobs.size() + " jobs");
    List<String> ids = jobs.stream().map(Assignment::workflowId).toList();
    if (Boolean.TRUE.equals(input.signalled())) return awaitSignals(input, jobs, ids);
    List<WorkflowEnd> ends;
    try {
      TemporalActivities temporal =
          Stubs.shared()
              .stub(TemporalActivities.class, ActivityProfiles.TEMPORAL_WAIT,
                  "await " + (input.landAll() ? "all of " : "the first of ") + jobs.size() + " jobs");
      ends = temporal.awaitWorkflows(new AwaitWorkflows(ids, input.landAll(), input.budgetSeconds()));
    } catch (RuntimeException e) {
      if (!CancellationScope.current().isCancelRequested()) throw e;
      // The jobs outlive a cycle that ends, not one a person cancels: their cancellation cleans up
      // each worktree, claim and pane.
      Workflow.newDetachedCancellationScope(() -> ids.forEach(this::cancelJob)).run();
      throw e;
    }
    List<JobEnd> out = new ArrayList<>();
    List<Phases.Finding> findings = new ArrayList<>();
    for (Assignment a : jobs) {
      WorkflowEnd end = ends.stream().filter(e -> e.workflowId().equals(a.workflowId())).findFirst().orElse(null);
      out.add(jobEnd(a, end));
      if (end != null && end.findings() != null) end.findings().forEach(f -> findings.add(finding(f)));
    }
    return report(out, findings);
  }

  /** Waits for the jobs' end signals until enough have come or the budget is spent. */
  private PollReport awaitSignals(PollInput input, List<Assignment> jobs, List<String> ids) {
    int wanted = input.landAll() ? jobs.size() : 1;
    try {
      Workflow.await(
          Duration.ofSeconds(input.budgetSeconds()),
          () -> jobs.stream().filter(a -> ended.containsKey(a.issue())).count() >= wanted);
    } catch (CanceledFailure e) {
      Workflow.newDetachedCancellationScope(() -> ids.forEach(this::cancelJob)).run();
      throw e;
    }
    List<JobEnd> out = new ArrayList<>();
    List<Phases.Finding> findings = new ArrayList<>();
    for (Assignment a : jobs) {
      IssueJobResult r = ended.get(a.issue());
      out.add(signalledEnd(a, r));
      if (r != null && r.findings() != null) r.findings().stream().limit(FINDINGS_PER_JOB).forEach(findings::add);
    }
    return report(out, findings);
  }

  /** How one job ended, from its end signal (null: not heard of yet). */
  static JobEnd signalledEnd(Assignment a, IssueJobResult r) {
    if (r == null) return new JobEnd(a.workflowId(), a.issue(), a.pane(), "pending", "still running", 0);
    String outcome = r.outcome() == null ? "" : r.outcome().name();
    String agent = r.agent() == null ? "" : r.agent();
    String outcomes = r.agentOutcomes() == null ? "" : r.agentOutcomes();
    if (LANDED.contains(outcome)) {
      return new JobEnd(a.workflowId(), a.issue(), a.pane(), "landed", outcome, r.durationSeconds(), agent,
          outcomes, r.agentSeconds());
    }
    String why = outcome + ": " + (r.reason() == null ? "" : r.reason());
    return new JobEnd(a.workflowId(), a.issue(), a.pane(), "failed", why, r.durationSeconds(), agent, outcomes,
        r.agentSeconds());
  }

  private static PollReport report(List<JobEnd> out, List<Phases.Finding> findings) {
    List<Long> landed = new ArrayList<>();
    List<Long> failed = new ArrayList<>();
    List<Long> pending = new ArrayList<>();
    for (JobEnd job : out) {
      (job.outcome().equals("landed") ? landed : job.outcome().equals("pending") ? pending : failed).add(job.issue());
    }
    String summary = String.format("%d landed, %d failed, %d pending", landed.size(), failed.size(), pending.size());
    return new PollReport(landed, failed, pending, out, summary, findings);
  }

  static Phases.Finding finding(Map<String, String> f) {
    return new Phases.Finding(
        f.getOrDefault("kind", "bug"), f.getOrDefault("title", ""), f.getOrDefault("body", ""),
        f.getOrDefault("signature", ""));
  }

  private void cancelJob(String workflowId) {
    try {
      Workflow.newUntypedExternalWorkflowStub(workflowId).cancel();
    } catch (RuntimeException alreadyClosed) {
      // Nothing left to stop.
    }
  }

  static JobEnd jobEnd(Assignment a, WorkflowEnd end) {
    if (end == null || end.status().equals("RUNNING")) {
      return new JobEnd(a.workflowId(), a.issue(), a.pane(), "pending", "still running", 0);
    }
    Map<String, String> r = end.result() == null ? Map.of() : end.result();
    long seconds = parseLong(r.get("durationSeconds"));
    String agent = r.getOrDefault("agent", "");
    String outcomes = r.getOrDefault("agentOutcomes", "");
    long agentSeconds = parseLong(r.get("agentSeconds"));
    if (end.status().equals("COMPLETED") && LANDED.contains(r.getOrDefault("outcome", ""))) {
      return new JobEnd(a.workflowId(), a.issue(), a.pane(), "landed", r.getOrDefault("outcome", ""), seconds,
          agent, outcomes, agentSeconds);
    }
    String why = end.status().equals("COMPLETED")
        ? r.getOrDefault("outcome", "") + ": " + r.getOrDefault("reason", "")
        : end.status() + " " + end.failure();
    return new JobEnd(a.workflowId(), a.issue(), a.pane(), "failed", why, seconds, agent, outcomes, agentSeconds);
  }

  private static long parseLong(String s) {
    try {
      return s == null ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
