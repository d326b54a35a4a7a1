package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timmyloop.activities.state.StateFileActivities.CycleRecord;
import dev.timmyloop.activities.state.StateFileActivities.PaneRecord;
import dev.timmyloop.workflows.phases.PhaseFakes.State;
import dev.timmyloop.workflows.phases.Reflect.ReflectInput;
import dev.timmyloop.workflows.phases.Reflect.ReflectReport;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Phase 6: the cycle's record goes to state.json, then its summary to the correspondence. */
@Timeout(60)
class ReflectImplTest {
  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReflectImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private final State state = new State();

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
  }

  private static CycleRecord record() {
    return new CycleRecord(
        4,
        "timmy-cycle-4",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:10:00Z",
        "ok",
        List.of(9L),
        List.of(),
        List.of(501L),
        List.of(1L, 2L),
        List.of(1L),
        List.of(),
        List.of(
            new PaneRecord("Kimi:0.0", 1, 300, "landed"),
            new PaneRecord("Kimi:0.1", 2, 0, "pending")),
        List.of());
  }

  private ReflectReport reflect(CycleRecord record) {
    worker.registerActivitiesImplementations(state);
    testEnv.start();
    return client
        .newWorkflowStub(
            Reflect.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("timmy-cycle-4/phase-6-reflect")
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .reflect(new ReflectInput(record, "## Cycle 4 — ok\n", PhaseFakes.settings()));
  }

  @Test
  void theRecordGoesToStateAndTheSummaryToTheCorrespondence() {
    ReflectReport r = reflect(record());

    assertEquals(List.of(record()), state.records, "the record as the cycle built it");
    assertEquals(List.of("## Cycle 4 — ok\n"), state.correspondence);
    assertEquals("cycle 4 recorded: 2 pane records", r.summary());
  }

  @Test
  void aStateFileThatCannotBeWrittenFailsThePhaseBeforeTheCorrespondence() {
    state.recordFailure =
        ApplicationFailure.newNonRetryableFailure("state.json is read-only", "ConfigInvalid");

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> reflect(record()));

    ActivityFailure a = assertInstanceOf(ActivityFailure.class, e.getCause());
    assertEquals("State.AppendCycleRecord", a.getActivityType());
    assertEquals(List.of(), state.correspondence, "no summary for a cycle that is not recorded");
  }
}
