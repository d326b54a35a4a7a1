package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The job tells the cycle in its claim how it ended; a cycle that is gone costs it nothing. */
@Timeout(60)
class IssueJobEndSignalTest {
  static final String QUEUE = "job-end-signal";

  @WorkflowInterface
  public interface Cycle extends JobEndListener {
    @WorkflowMethod
    IssueJobResult run();
  }

  /** Stands in for the cycle: returns the first end it hears. */
  public static class CycleImpl implements Cycle {
    private IssueJobResult heard;

    @Override
    public IssueJobResult run() {
      Workflow.await(Duration.ofSeconds(30), () -> heard != null);
      return heard;
    }

    @Override
    public void jobEnded(IssueJobResult result) {
      heard = result;
    }

    @Override
    public void paneFreed(long issue) {}
  }

  private TestWorkflowEnvironment testEnv;
  private WorkflowClient client;
  private RecordingActivities activities;

  @BeforeEach
  void setUp() {
    // Real time: the test server's time skipping stalls once signals cross between workflows.
    testEnv =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    client = testEnv.getWorkflowClient();
    Worker worker = testEnv.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(IssueJobImpl.class, CycleImpl.class);
    activities = new RecordingActivities(client);
    worker.registerActivitiesImplementations(activities.all());
    testEnv.start();
  }

  @AfterEach
  void tearDown() {
    testEnv.close();
  }

  private IssueJobResult runJob(String cycle) {
    return client
        .newWorkflowStub(
            IssueJob.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IssueJob.workflowId(7))
                .setTaskQueue(QUEUE)
                .build())
        .run(
            new IssueJobInput(
                3,
                7,
                "Crash on empty input",
                new Holder(cycle, "", "Kimi:0.0"),
                RecordingActivities.settings(),
                null));
  }

  @Test
  void theCycleInTheClaimOwnerHearsTheEnd() {
    Cycle cycle =
        client.newWorkflowStub(
            Cycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("timmy-cycle-3")
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(cycle::run);

    IssueJobResult returned = runJob("timmy-cycle-3");

    assertEquals(Outcome.LANDED, returned.outcome(), returned.reason());
    assertEquals(
        returned, client.newUntypedWorkflowStub("timmy-cycle-3").getResult(IssueJobResult.class));
    assertEquals(
        List.of(JobEndListener.PANE_FREED_SIGNAL, JobEndListener.JOB_ENDED_SIGNAL),
        client.fetchHistory("timmy-cycle-3").getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
            .toList(),
        "the pane is freed once the PR is open, before the job ends with the merge");
  }

  @Test
  void aLaterCycleThatAdoptsTheJobHearsItsFreedPaneAndItsEndToo() {
    for (String id : List.of("timmy-cycle-3", "timmy-cycle-4")) {
      WorkflowClient.start(
          client.newWorkflowStub(
                  Cycle.class,
                  WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build())
              ::run);
    }
    IssueJob job =
        client.newWorkflowStub(
            IssueJob.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IssueJob.workflowId(7))
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(
        job::run,
        new IssueJobInput(
            3,
            7,
            "Crash on empty input",
            new Holder("timmy-cycle-3", "", "Kimi:0.0"),
            RecordingActivities.settings(),
            null));
    job.listenTo("timmy-cycle-4");

    IssueJobResult returned =
        client.newUntypedWorkflowStub(IssueJob.workflowId(7)).getResult(IssueJobResult.class);

    assertEquals(Outcome.LANDED, returned.outcome(), returned.reason());
    for (String id : List.of("timmy-cycle-3", "timmy-cycle-4")) {
      assertEquals(returned, client.newUntypedWorkflowStub(id).getResult(IssueJobResult.class), id);
      assertEquals(
          List.of(JobEndListener.PANE_FREED_SIGNAL, JobEndListener.JOB_ENDED_SIGNAL),
          client.fetchHistory(id).getEvents().stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
              .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
              .toList(),
          id);
    }
  }

  @Test
  void aCycleThatAdoptsTheJobAfterItsPaneIsFreeHearsSoAtOnce() throws Exception {
    activities.temporal.answer = null; // the job waits for its landing
    WorkflowClient.start(
        client.newWorkflowStub(
                Cycle.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("timmy-cycle-5")
                    .setTaskQueue(QUEUE)
                    .build())
            ::run);
    IssueJob job =
        client.newWorkflowStub(
            IssueJob.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IssueJob.workflowId(7))
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(
        job::run,
        new IssueJobInput(
            3,
            7,
            "Crash on empty input",
            new Holder("timmy-cycle-404", "", "Kimi:0.0"),
            RecordingActivities.settings(),
            null));
    long deadline = System.currentTimeMillis() + 20_000;
    while (activities.temporal.requests.isEmpty() && System.currentTimeMillis() < deadline)
      Thread.sleep(50);
    assertEquals(1, activities.temporal.requests.size(), "the job waits for its landing");

    job.listenTo("timmy-cycle-5");

    deadline = System.currentTimeMillis() + 20_000;
    List<String> heard = List.of();
    while (heard.isEmpty() && System.currentTimeMillis() < deadline) {
      heard =
          client.fetchHistory("timmy-cycle-5").getEvents().stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
              .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
              .toList();
      Thread.sleep(50);
    }
    assertEquals(List.of(JobEndListener.PANE_FREED_SIGNAL), heard);
  }

  @Test
  void aCycleThatIsGoneDoesNotFailTheJob() {
    IssueJobResult returned = runJob("timmy-cycle-404");

    assertEquals(Outcome.LANDED, returned.outcome(), returned.reason());
    assertEquals(
        2,
        client.fetchHistory(IssueJob.workflowId(7)).getEvents().stream()
            .filter(
                e ->
                    e.getEventType()
                        == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED)
            .count(),
        "it tried once to tell the freed pane, once the end");
  }
}
