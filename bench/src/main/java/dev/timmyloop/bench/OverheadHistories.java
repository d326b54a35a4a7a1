package dev.timmyloop.bench;

import dev.timmyloop.workflows.merge.MergeQueue;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Latency, history sizes and Gitea calls, read from the overhead section's cycles after they ran.
 */
final class OverheadHistories {
  private OverheadHistories() {}

  static void measure(
      BenchRun run,
      BenchWorld world,
      Histories histories,
      List<CycleRunner.Run> overheadRuns,
      int runs)
      throws Exception {
    if (overheadRuns.isEmpty()) throw new IllegalStateException("no overhead runs");
    Map<Long, Long> exits = Latencies.agentExits(world.agentExits);
    Map<Long, Long> ciRuns = Latencies.ciExits(world.ciExits);
    List<Double> agent = new ArrayList<>();
    List<Double> ci = new ArrayList<>();
    List<Double> jobEvents = new ArrayList<>();
    List<Double> cycleEvents = new ArrayList<>();
    List<Double> calls = new ArrayList<>();
    ActivityTimes jobTimes = new ActivityTimes();
    for (CycleRunner.Run r : overheadRuns) {
      WorkflowExecutionHistory cycle = histories.fetch(r.workflowId());
      run.record(r.workflowId(), cycle);
      cycleEvents.add((double) cycle.getEvents().size());
      for (long n : r.issues()) {
        WorkflowExecutionHistory job = histories.fetch("timmy-issue-" + n);
        run.record("timmy-issue-" + n, job);
        jobEvents.add((double) job.getEvents().size());
        jobTimes.add(job);
        Long exit = exits.get(n);
        if (exit != null) agent.add(Latencies.agent(job, exit));
      }
      ci.addAll(Latencies.ci(world, ciRuns, r.startMillis(), r.endMillis()));
      long[] w =
          GiteaCalls.window(
              histories.fetch(r.workflowId() + "/phase-1-fix-broken-prs"),
              histories.fetch(r.workflowId() + "/phase-3-fill-queue"));
      calls.add((double) GiteaCalls.count(world.requests(), w[0], w[1]));
    }
    agent.removeIf(d -> d.isNaN());
    run.timeline.add("IssueJob (per job, " + runs + " overhead cycles of 4):");
    run.timeline.addAll(jobTimes.lines());
    try {
      String mq = MergeQueue.workflowId(world.demo.owner() + "/" + world.demo.repo());
      ActivityTimes queueTimes = new ActivityTimes();
      queueTimes.add(histories.fetch(mq));
      run.timeline.add("MergeQueue (whole run so far):");
      run.timeline.addAll(queueTimes.lines());
    } catch (RuntimeException e) {
      run.timeline.add("MergeQueue history not read: " + e.getMessage());
    }
    List<Double> all = new ArrayList<>(agent);
    all.addAll(ci);
    run.put(
        "completion_latency_p50_s",
        Stats.median(all),
        String.format(
            "%d samples: agent exit → AwaitJob completed (median %s s, max %s s); CI green → merge call (median %s s, max %s s)",
            all.size(),
            Figure.format(Stats.median(agent)),
            Figure.format(Stats.max(agent)),
            Figure.format(Stats.median(ci)),
            Figure.format(Stats.max(ci))));
    run.put("completion_latency_max_s", Stats.max(all), "the largest of the same samples");
    run.put(
        "issue_job_events",
        Stats.max(jobEvents),
        "largest of "
            + jobEvents.size()
            + " `timmy-issue-<N>` histories (median "
            + Figure.format(Stats.median(jobEvents))
            + ")");
    run.put(
        "cycle_events",
        Stats.max(cycleEvents),
        "largest of " + cycleEvents.size() + " `timmy-cycle-<N>` histories with 4 issues");
    int limit = GiteaCalls.limit(0, 4, 50);
    run.targets.put("gitea_calls_per_cycle", Target.atMost(limit, ""));
    run.put(
        "gitea_calls_per_cycle",
        Stats.max(calls),
        "requests the forge served from phase 1's start to phase 3's end, largest of "
            + calls.size()
            + " cycles; P = 0 open PRs, I = 4 open issues → limit 3 + 0 + 1 = "
            + limit);
  }
}
