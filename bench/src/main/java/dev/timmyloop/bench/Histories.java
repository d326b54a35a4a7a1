package dev.timmyloop.bench;

import dev.timmyloop.worker.Registration;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;

/** Histories read back from the server: their sizes, the loop's runs, and replay time. */
final class Histories {
  private final WorkflowClient client;

  Histories(WorkflowClient client) {
    this.client = client;
  }

  WorkflowExecutionHistory fetch(String workflowId) {
    return client.fetchHistory(workflowId);
  }

  WorkflowExecutionHistory fetch(String workflowId, String runId) {
    return client.fetchHistory(workflowId, runId);
  }

  /** Every run of a workflow that continued as new, from {@code firstRunId} on. */
  List<WorkflowExecutionHistory> chain(String workflowId, String firstRunId) {
    List<WorkflowExecutionHistory> out = new ArrayList<>();
    String run = firstRunId;
    while (run != null && out.size() < 10_000) {
      WorkflowExecutionHistory h = fetch(workflowId, run);
      out.add(h);
      HistoryEvent last = h.getLastEvent();
      run =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return out;
  }

  /** The event time of the first event of {@code type}, in epoch millis; -1 when none. */
  static long firstTime(WorkflowExecutionHistory h, EventType type) {
    for (HistoryEvent e : h.getEvents()) {
      if (e.getEventType() == type) return millis(e);
    }
    return -1;
  }

  static long millis(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
  }

  /**
   * Milliseconds to replay {@code history} through the worker's workflow classes, as {@code
   * WorkflowReplayer} does (a worker that is never started, fed the history): median of {@code
   * times} runs after one warm-up.
   */
  List<Double> replayMillis(WorkflowExecutionHistory history, int times) throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    try {
      Worker worker = factory.newWorker("timmy-bench-replay");
      worker.registerWorkflowImplementationTypes(Registration.WORKFLOWS.toArray(new Class<?>[0]));
      List<Double> out = new ArrayList<>();
      for (int i = 0; i <= times; i++) {
        long t0 = System.nanoTime();
        worker.replayWorkflowExecution(history);
        double ms = (System.nanoTime() - t0) / 1e6;
        out.add(ms);
      }
      return out;
    } finally {
      factory.shutdownNow();
    }
  }
}
