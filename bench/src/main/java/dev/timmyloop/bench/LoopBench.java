package dev.timmyloop.bench;

import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.loop.TimmyLoop;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopState;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code TimmyLoop} over many short cycles: how large does one run's history get? */
final class LoopBench {
  private LoopBench() {}

  record Result(int cycles, List<WorkflowExecutionHistory> runs, double maxEvents) {}

  /** Dry-run cycles (assess, decide, file and dispatch nothing) with a 1 s pause between them. */
  static Result run(BenchWorld world, Histories histories, int cycles, PrintWriter progress)
      throws Exception {
    String id = TimmyLoop.WORKFLOW_ID;
    TimmyLoop loop = world.workflow(TimmyLoop.class, id);
    CycleInput template = new CycleInput(null, 0, true, false, null);
    WorkflowExecution first =
        WorkflowClient.start(
            loop::run, new LoopState(100_000, 1L, cycles, 0, 0, false, "", template, List.of()));
    WorkflowStub latest =
        world.client.newUntypedWorkflowStub(id, Optional.empty(), Optional.empty());
    long deadline = System.currentTimeMillis() + cycles * 60_000L;
    int shown = 0;
    while (true) {
      try {
        latest.getResult(5, TimeUnit.SECONDS, Void.class);
        break;
      } catch (java.util.concurrent.TimeoutException e) {
        int done = statusOf(world, id);
        if (done >= shown + 10) {
          progress.println("  loop: " + done + " of " + cycles + " cycles");
          progress.flush();
          shown = done;
        }
        if (System.currentTimeMillis() > deadline) {
          latest.terminate("bench timeout");
          throw new IllegalStateException("the loop did not finish " + cycles + " cycles in time");
        }
      }
    }
    List<WorkflowExecutionHistory> runs = histories.chain(id, first.getRunId());
    double max = runs.stream().mapToInt(h -> h.getEvents().size()).max().orElse(0);
    return new Result(cycles, runs, max);
  }

  private static int statusOf(BenchWorld world, String id) {
    try {
      return world.client.newWorkflowStub(TimmyLoop.class, id).status().cyclesRun();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
