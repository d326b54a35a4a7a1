package dev.timmyloop.activities.temporal;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

public class TemporalActivitiesImpl implements TemporalActivities {
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
}
