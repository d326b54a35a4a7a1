package dev.timmyloop.activities.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class TemporalActivitiesImpl implements TemporalActivities {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(2);

  private final WorkflowClient client;
  private final String taskQueue;

  public TemporalActivitiesImpl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public void requestLanding(LandingRequest request) {
    WorkflowStub queue =
        client.newUntypedWorkflowStub(
            MERGE_QUEUE_TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.queueWorkflowId())
                .setTaskQueue(taskQueue)
                .build());
    // The queue's run() takes its carried state; null means a fresh queue.
    queue.signalWithStart(ENQUEUE_SIGNAL, new Object[] {request.ticket()}, new Object[] {null});
  }

  @Override
  public List<WorkflowEnd> awaitWorkflows(AwaitWorkflows request) {
    long deadline = System.nanoTime() + Duration.ofSeconds(request.timeoutSeconds()).toNanos();
    long nextBeat = 0;
    while (true) {
      List<WorkflowEnd> ends = new ArrayList<>();
      int closed = 0;
      for (String id : request.workflowIds()) {
        WorkflowEnd end = describe(id);
        if (!end.status().equals("RUNNING")) closed++;
        ends.add(end);
      }
      boolean done = request.all() ? closed == ends.size() : closed > 0 || ends.isEmpty();
      if (done || System.nanoTime() >= deadline) return ends;
      if (System.nanoTime() >= nextBeat) {
        Activity.getExecutionContext().heartbeat(closed);
        nextBeat = System.nanoTime() + HEARTBEAT_EVERY.toNanos();
      }
      sleep(POLL);
    }
  }

  private WorkflowEnd describe(String id) {
    WorkflowExecutionStatus status;
    try {
      status =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return new WorkflowEnd(id, "NOT_FOUND", Map.of(), "");
      }
      throw e;
    }
    String name = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return new WorkflowEnd(id, name, Map.of(), "");
    }
    try {
      JsonNode result = client.newUntypedWorkflowStub(id).getResult(JsonNode.class);
      return new WorkflowEnd(id, name, scalars(result), "", findings(result));
    } catch (WorkflowFailedException e) {
      return new WorkflowEnd(id, "FAILED", Map.of(), String.valueOf(e.getCause()));
    }
  }

  /** What a job saw, for the cycle to file (see {@code Findings}); bounded. */
  private static List<Map<String, String>> findings(JsonNode node) {
    JsonNode list = node == null ? null : node.get("findings");
    if (list == null || !list.isArray()) return List.of();
    List<Map<String, String>> out = new ArrayList<>();
    for (JsonNode f : list) if (out.size() < 10) out.add(scalars(f));
    return out;
  }

  private static Map<String, String> scalars(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || !node.isObject()) return out;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode() && !e.getValue().isNull()) out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }
}
