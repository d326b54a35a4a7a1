package dev.timmyloop.cli.ops;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.workflows.loop.TimmyLoop;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Temporal's part of the panel: reachable, a worker polling, the loop's state. */
final class TemporalProbe {
  private TemporalProbe() {}

  /**
   * @param reachable the frontend answered
   * @param worker e.g. "2 pollers on timmy-loop" or "unknown (embedded server)"
   * @param loop "running", "paused (reason)", "not running", or why it is unknown
   * @param paused true when the loop says it is paused
   */
  record Answer(boolean reachable, String detail, String worker, String loop, boolean paused) {}

  static Answer probe(TimmyConfig config) {
    TemporalConnection temporal;
    try {
      temporal =
          TemporalConnection.connect(
              config.temporalAddress(), config.namespace(), Duration.ofMillis(1500));
    } catch (RuntimeException e) {
      return new Answer(false, PanelReader.message(e), "-", "unknown", false);
    }
    try (temporal) {
      String worker = worker(temporal, config.taskQueue());
      LoopStatus status = null;
      String loop;
      try {
        status =
            CompletableFuture.supplyAsync(
                    () ->
                        temporal
                            .client()
                            .newWorkflowStub(TimmyLoop.class, TimmyLoop.WORKFLOW_ID)
                            .status())
                .get(1, TimeUnit.SECONDS);
        loop = status.paused() ? "paused (" + status.pausedReason() + ")" : "running";
      } catch (ExecutionException e) {
        loop =
            e.getCause() instanceof WorkflowNotFoundException
                ? "not running"
                : "unknown (" + PanelReader.message(e.getCause()) + ")";
      } catch (TimeoutException e) {
        loop = "unknown (no worker answered the status query)";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        loop = "unknown";
      }
      return new Answer(true, "", worker, loop, status != null && status.paused());
    }
  }

  private static String worker(TemporalConnection temporal, String taskQueue) {
    try {
      int pollers =
          temporal
              .stubs()
              .blockingStub()
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).build())
                      .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build())
              .getPollersCount();
      return pollers == 0
          ? "NO worker polling " + taskQueue
          : pollers + " poller(s) on " + taskQueue;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) return "unknown (embedded server)";
      return "unknown (" + e.getStatus().getCode() + ")";
    }
  }
}
