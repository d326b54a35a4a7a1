package dev.timmyloop.bench;

import dev.timmyloop.sandbox.RequestRecord;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.support.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one {@code TimmyCycle} that lands every dispatched issue, and times it from the outside. */
final class CycleRunner {
  private final BenchWorld world;
  private int nextCycle = 1;

  CycleRunner(BenchWorld world) {
    this.world = world;
  }

  /**
   * @param startMillis when the cycle was started
   * @param landedMillis when the last merge call of the run returned (the forge's log)
   * @param merges merge calls that merged during the run
   */
  record Run(
      String workflowId,
      int cycle,
      List<Long> issues,
      long startMillis,
      long endMillis,
      long landedMillis,
      int merges,
      CycleResult result) {
    double wallSeconds() {
      return (landedMillis - startMillis) / 1000.0;
    }

    boolean allLanded() {
      return result != null && result.landed().size() == issues.size() && merges >= issues.size();
    }
  }

  /** Files {@code k} issues, then runs a cycle dispatching up to {@code k} of them. */
  Run run(int k, String tag, Duration timeout) throws Exception {
    world.closeLeftovers();
    List<Long> issues = world.fileIssues(k, tag);
    int cycle = nextCycle++;
    String id = WorkflowIds.cycle(cycle);
    TimmyCycle stub = world.workflow(TimmyCycle.class, id);
    long start = System.currentTimeMillis();
    WorkflowClient.start(stub::run, new CycleInput(cycle, k, false, true, timeout.toSeconds()));
    WorkflowStub untyped = WorkflowStub.fromTyped(stub);
    CycleResult result;
    try {
      result =
          untyped.getResult(timeout.toMillis() + 60_000, TimeUnit.MILLISECONDS, CycleResult.class);
    } catch (TimeoutException e) {
      untyped.terminate("bench timeout");
      throw new IllegalStateException(id + " did not finish within " + timeout);
    }
    long end = System.currentTimeMillis();
    long landed = start;
    int merges = 0;
    for (RequestRecord r : world.requests()) {
      long t = r.time().toEpochMilli();
      if (t < start || t > end || r.route() == null) continue;
      if (r.method().equals("POST") && r.route().endsWith("/merge") && r.status() == 200) {
        merges++;
        landed = Math.max(landed, t);
      }
    }
    return new Run(id, cycle, issues, start, end, merges == 0 ? end : landed, merges, result);
  }

  static String taskQueue() {
    return dev.timmyloop.worker.TimmyWorker.TASK_QUEUE;
  }
}
