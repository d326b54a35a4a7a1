package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.temporal.TemporalActivities;
import dev.timmyloop.activities.temporal.TemporalActivities.AwaitWorkflows;
import dev.timmyloop.activities.temporal.TemporalActivities.WorkflowEnd;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phase 5: poll and land. The jobs land their own PRs; this waits for them in one heartbeating activity
 * (it wakes within a fraction of a second of a job's end, without a timer per poll in the history).
 */
public class PollAndLandImpl implements PollAndLand {
  private static final Set<String> LANDED = Set.of("LANDED", "MERGED_ELSEWHERE");

  @Override
  public PollReport poll(PollInput input) {
    return TimmyAttributes.failedPhase(() -> pollBody(input));
  }

  private PollReport pollBody(PollInput input) {
    List<Assignment> jobs = input.jobs().stream().filter(a -> a.workflowId().startsWith("timmy-issue-")).toList();
    if (jobs.isEmpty()) return new PollReport(List.of(), List.of(), List.of(), List.of(), "no jobs to wait for");
    Workflow.setCurrentDetails("waiting for " + (input.landAll() ? "all of " : "the first of ") + jobs.size() + " jobs");
    List<String> ids = jobs.stream().map(Assignment::workflowId).toList();
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
    List<Long> landed = new ArrayList<>();
    List<Long> failed = new ArrayList<>();
    List<Long> pending = new ArrayList<>();
    List<Phases.Finding> findings = new ArrayList<>();
    for (Assignment a : jobs) {
      WorkflowEnd end = ends.stream().filter(e -> e.workflowId().equals(a.workflowId())).findFirst().orElse(null);
      JobEnd job = jobEnd(a, end);
      if (end != null && end.findings() != null) end.findings().forEach(f -> findings.add(finding(f)));
      out.add(job);
      (job.outcome().equals("landed") ? landed : job.outcome().equals("pending") ? pending : failed).add(a.issue());
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
