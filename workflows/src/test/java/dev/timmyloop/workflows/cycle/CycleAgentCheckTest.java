package dev.timmyloop.workflows.cycle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.agent.AgentCheckActivities.AgentCheck;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.issue.IssueJobImpl;
import dev.timmyloop.workflows.issue.RecordingActivities;
import dev.timmyloop.workflows.phases.AssessImpl;
import dev.timmyloop.workflows.phases.AwaitLandingsImpl;
import dev.timmyloop.workflows.phases.DispatchImpl;
import dev.timmyloop.workflows.phases.FillQueueImpl;
import dev.timmyloop.workflows.phases.FixBrokenPrsImpl;
import dev.timmyloop.workflows.phases.ReflectImpl;
import dev.timmyloop.workflows.repair.PrRepairImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cycle asks whether the configured agent can run before phase 1, and stops when it cannot. */
@Timeout(120)
class CycleAgentCheckTest {
  static final String ID = "timmy-cycle-5";

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              TimmyCycleImpl.class,
              FixBrokenPrsImpl.class,
              AssessImpl.class,
              FillQueueImpl.class,
              DispatchImpl.class,
              AwaitLandingsImpl.class,
              ReflectImpl.class,
              IssueJobImpl.class,
              PrRepairImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private RecordingActivities fakes;
  private final FixedAgentCheck agent = new FixedAgentCheck();

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    this.fakes = new RecordingActivities(client);
  }

  private TimmyCycle.CycleResult run() {
    worker.registerActivitiesImplementations(fakes.all());
    worker.registerActivitiesImplementations(agent);
    testEnv.start();
    return client
        .newWorkflowStub(
            TimmyCycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .run(CycleInput.defaults());
  }

  private List<HistoryEvent> events(EventType type) {
    return client.fetchHistory(ID).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .toList();
  }

  @Test
  void unusableAgentFailsTheCycleBeforeAnyPhase() {
    agent.answer =
        new AgentCheck(
            "codex",
            false,
            List.of(
                "codex is not on the PATH: npm install -g @openai/codex@0.171.0",
                "OPENAI_API_KEY is not set"),
            "");

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::run);

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FailureTypes.AGENT_UNUSABLE, cause.getType());
    assertEquals(
        "agent codex cannot run:\n- codex is not on the PATH: npm install -g @openai/codex@0.171.0"
            + "\n- OPENAI_API_KEY is not set",
        cause.getOriginalMessage());
    assertEquals(List.of(""), agent.asked, "the configured agent");
    assertEquals(
        List.of(),
        events(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED),
        "no phase");
    assertEquals(2, events(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).size(), "settings, check");
    assertTrue(
        fakes.kimi.dispatched.isEmpty()
            && fakes.gitea.labelled.isEmpty()
            && fakes.gitea.comments.isEmpty());
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(ID), TimmyCycleImpl.class));
  }

  @Test
  void usableAgentLetsThePhasesRun() {
    TimmyCycle.CycleResult r = run();

    assertEquals(List.of(""), agent.asked);
    List<HistoryEvent> children =
        events(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
    assertEquals(
        ID + "/phase-1-fix-broken-prs",
        children.get(0).getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId());
    assertEquals(6, r.phases().size(), r.toString());
  }
}
