package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.activities.state.StateFileActivities.CycleRecord;
import dev.timmyloop.workflows.issue.RecordingActivities;
import dev.timmyloop.workflows.phases.Reflect.ReflectInput;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A phase that fails sets {@code TimmyOutcome = "failed"} before it ends, when it was started with
 * {@code TimmyPhase} (so {@code TimmyOutcome = "failed" AND TimmyPhase = "phase-6-reflect"} finds
 * it); one that succeeds, or was started without the attributes, sets none. Phase 6 stands for all
 * six ({@link TimmyAttributes#failedPhase} wraps each).
 */
@Timeout(60)
class PhaseOutcomeTest {
  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(ReflectImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;

  /** The state files refuse the cycle record, for good (not retried). */
  static final class BrokenState implements StateFileActivities {
    volatile boolean broken = true;

    @Override
    public void appendCycleRecord(CycleRecord record) {
      if (broken) throw ApplicationFailure.newNonRetryableFailure("disk full", "StateBroken");
    }

    @Override
    public LoopState readState() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ClaimOutcome claim(ClaimRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void release(Release release) {}

    @Override
    public void recordJobEnd(JobRecord end) {}

    @Override
    public void pendFindings(PendingFindings findings) {}

    @Override
    public PendingFindings pendingFindings(int max) {
      return new PendingFindings(java.util.List.of());
    }

    @Override
    public void dropPendingFindings(java.util.List<String> signatures) {}

    @Override
    public void rememberReportedFailure(ReportedFailure failure) {}

    @Override
    public void appendCorrespondence(String markdown) {}
  }

  private final BrokenState state = new BrokenState();

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    for (String name : List.of("TimmyPhase", "TimmyOutcome")) {
      testEnv.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    testEnv.registerSearchAttribute("TimmyCycle", IndexedValueType.INDEXED_VALUE_TYPE_INT);
    worker.registerActivitiesImplementations(state);
    testEnv.start();
  }

  private WorkflowStub reflect(String id, boolean withAttributes) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(worker.getTaskQueue());
    if (withAttributes) {
      options.setTypedSearchAttributes(
          SearchAttributes.newBuilder()
              .set(TimmyAttributes.CYCLE, 3L)
              .set(TimmyAttributes.PHASE, "phase-6-reflect")
              .build());
    }
    Reflect phase = client.newWorkflowStub(Reflect.class, options.build());
    CycleRecord record =
        new CycleRecord(
            3,
            "timmy-cycle-3",
            "",
            "",
            "ok",
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    WorkflowStub stub = WorkflowStub.fromTyped(phase);
    try {
      phase.reflect(new ReflectInput(record, "cycle 3", RecordingActivities.settings()));
    } catch (WorkflowFailedException e) {
      // looked at below
    }
    return stub;
  }

  private static String outcome(WorkflowStub stub) {
    return stub.describe().getTypedSearchAttributes().get(TimmyAttributes.OUTCOME);
  }

  @Test
  void aFailedPhaseSetsTimmyOutcomeFailed() {
    WorkflowStub stub = reflect("timmy-cycle-3/phase-6-reflect", true);
    assertThrows(WorkflowFailedException.class, () -> stub.getResult(Object.class));
    assertEquals("failed", outcome(stub));
    assertEquals(
        "phase-6-reflect", stub.describe().getTypedSearchAttributes().get(TimmyAttributes.PHASE));
  }

  @Test
  void aPhaseThatSucceedsOrCarriesNoAttributesSetsNone() {
    WorkflowStub failedWithout = reflect("no-attributes/phase-6-reflect", false);
    assertThrows(WorkflowFailedException.class, () -> failedWithout.getResult(Object.class));
    assertNull(outcome(failedWithout));

    state.broken = false;
    WorkflowStub ok = reflect("timmy-cycle-4/phase-6-reflect", true);
    ok.getResult(Object.class);
    assertNull(outcome(ok));
  }
}
