package dev.timmyloop.workflows.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.LoopState;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopStatus;
import dev.timmyloop.workflows.phases.PhaseFakes.Settings;
import dev.timmyloop.workflows.phases.PhaseFakes.State;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The endless loop with stand-in cycles: numbering, the pause between cycles, pausing itself after
 * two failed cycles in a row, a person's pause and resume, and continue-as-new carrying its state.
 */
@Timeout(60)
class TimmyLoopImplTest {
  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(TimmyLoopImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private final Settings settings = new Settings();
  private final State state = new State();

  /** Each stand-in cycle's input and start (workflow time), by cycle number. */
  private final Map<Integer, CycleInput> cycles = new ConcurrentHashMap<>();

  private final Map<Integer, Long> startedAt = new ConcurrentHashMap<>();

  /** By cycle number: "failed" (a failed phase) or "throw" (the cycle itself fails); else ok. */
  private final Map<Integer, String> outcomes = new ConcurrentHashMap<>();

  public class Cycle implements TimmyCycle {
    @Override
    public CycleResult run(CycleInput input) {
      int n = input.cycle();
      cycles.put(n, input);
      startedAt.put(n, Workflow.currentTimeMillis());
      String outcome = outcomes.getOrDefault(n, "ok");
      if (outcome.equals("throw"))
        throw ApplicationFailure.newNonRetryableFailure("boom in " + n, "Test");
      List<String> failures = outcome.equals("failed") ? List.of("assess: no tox") : List.of();
      // "busy": one issue dispatched and landed, two more waiting for a pane
      boolean busy = outcome.equals("busy");
      return new CycleResult(
          n,
          busy ? "ok" : outcome,
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          busy ? List.of(10L + n) : List.of(),
          busy ? List.of(10L + n) : List.of(),
          List.of(),
          List.of(),
          failures,
          busy ? 2 : 0);
    }

    @Override
    public String currentPhase() {
      return "";
    }

    @Override
    public void jobEnded(IssueJobResult result) {}

    @Override
    public void paneFreed(long issue) {}
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    worker.registerWorkflowImplementationFactory(TimmyCycle.class, Cycle::new);
  }

  private TimmyLoop loop() {
    worker.registerActivitiesImplementations(settings, state);
    testEnv.start();
    return client.newWorkflowStub(
        TimmyLoop.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(TimmyLoop.WORKFLOW_ID)
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static TimmyLoop.LoopState start(
      Integer next, Long pause, Integer max, CycleInput template) {
    return new TimmyLoop.LoopState(next, pause, max, 0, 0, false, "", template, List.of());
  }

  /**
   * Asks the loop's status until {@code until} holds (real time: no result is awaited, so none is
   * skipped).
   */
  private LoopStatus statusWhen(TimmyLoop loop, Predicate<LoopStatus> until)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    LoopStatus s = loop.status();
    while (!until.test(s) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      s = loop.status();
    }
    return s;
  }

  @Test
  void cyclesAreNumberedAfterTheLastRecordedAndPausedBetweenAsTheSettingsSay() {
    state.state = new LoopState(7, List.of(), List.of(), Map.of(), List.of());

    loop().run(start(null, null, 3, null));

    assertEquals(
        new TreeMap<>(
            Map.of(
                8,
                new CycleInput(8, null, null, null, null),
                9,
                new CycleInput(9, null, null, null, null),
                10,
                new CycleInput(10, null, null, null, null))),
        new TreeMap<>(cycles),
        "three cycles from 8, the worker's defaults");
    assertEquals(60_000, startedAt.get(9) - startedAt.get(8), 2_000.0, "loopPause of the settings");
    assertEquals(60_000, startedAt.get(10) - startedAt.get(9), 2_000.0);
    assertTrue(
        client.fetchHistory("timmy-cycle-8").getEvents().size() > 0,
        "children named timmy-cycle-<N>");
  }

  @Test
  void issuesWaitingForAPaneStartTheNextCycleAtOnce() {
    outcomes.put(1, "busy");
    outcomes.put(2, "busy");

    loop().run(start(1, 3600L, 4, null));

    assertEquals(0, startedAt.get(2) - startedAt.get(1), 1_000.0, "no pause: issues wait");
    assertEquals(0, startedAt.get(3) - startedAt.get(2), 1_000.0);
    assertEquals(3_600_000, startedAt.get(4) - startedAt.get(3), 2_000.0, "nothing waits: pause");
  }

  @Test
  void twoFailedCyclesInARowPauseTheLoopUntilAPersonResumesIt() throws Exception {
    outcomes.put(1, "failed");
    outcomes.put(2, "throw");
    TimmyLoop loop = loop();
    WorkflowClient.start(loop::run, start(1, 1L, 3, null));

    LoopStatus paused = statusWhen(loop, s -> s.paused());
    Thread.sleep(2_000); // twice the pause between cycles, in real time

    assertEquals(2, paused.cyclesRun());
    assertEquals(2, paused.consecutiveFailures());
    assertEquals("1: failed [assess: no tox]", paused.recent().get(0));
    assertTrue(
        paused.recent().get(1).startsWith("2: failed: ")
            && paused.recent().get(1).contains("boom in 2"),
        paused.recent().toString());
    assertTrue(
        paused.pausedReason().startsWith("2 failed cycles in a row (last: failed: ")
            && paused.pausedReason().endsWith("; resume when fixed"),
        paused.pausedReason());
    assertEquals(
        List.of(1, 2), cycles.keySet().stream().sorted().toList(), "no third cycle while paused");

    loop.resume();
    WorkflowStub.fromTyped(loop).getResult(Void.class);

    assertEquals(List.of(1, 2, 3), cycles.keySet().stream().sorted().toList());
  }

  @Test
  void aPersonsPauseHoldsTheNextCycleAndOneFailureAloneDoesNot() throws Exception {
    outcomes.put(1, "failed");
    TimmyLoop loop = loop();
    WorkflowClient.start(loop::run, start(1, 900L, 2, null));
    statusWhen(loop, s -> s.cyclesRun() == 1);

    loop.pause("deploying");
    LoopStatus held = statusWhen(loop, s -> s.current().startsWith("paused"));

    assertEquals("paused: deploying", held.current());
    assertEquals(1, held.consecutiveFailures(), "one failed cycle does not pause the loop");
    assertEquals(List.of(1), cycles.keySet().stream().sorted().toList());

    loop.resume();
    WorkflowStub.fromTyped(loop).getResult(Void.class);

    assertEquals(List.of(1, 2), cycles.keySet().stream().sorted().toList());
    assertTrue(startedAt.get(2) - startedAt.get(1) < 900_000, "the pause ended early");
  }

  @Test
  void afterTwentyCyclesTheLoopContinuesAsNewWithItsStateAndTemplate() {
    CycleInput template = new CycleInput(null, 1, true, true, 30L);
    outcomes.put(20, "failed");
    TimmyLoop loop = loop();
    WorkflowExecution first = WorkflowClient.start(loop::run, start(1, 1L, 21, template));

    WorkflowStub.fromTyped(loop).getResult(Void.class);

    assertEquals(21, cycles.size());
    assertEquals(
        new CycleInput(21, 1, true, true, 30L), cycles.get(21), "the template carried over");
    List<HistoryEvent> events =
        client.fetchHistory(TimmyLoop.WORKFLOW_ID, first.getRunId()).getEvents();
    HistoryEvent last = events.get(events.size() - 1);
    assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, last.getEventType());
    TimmyLoop.LoopState carried =
        GlobalDataConverter.get()
            .fromPayloads(
                0,
                Optional.of(last.getWorkflowExecutionContinuedAsNewEventAttributes().getInput()),
                TimmyLoop.LoopState.class,
                TimmyLoop.LoopState.class);
    assertEquals(21, carried.nextCycle());
    assertEquals(20, carried.cyclesRun());
    assertEquals(1, carried.consecutiveFailures());
    assertEquals(template, carried.cycleTemplate());
    assertEquals(10, carried.recent().size(), "the last ten only");
    assertEquals("20: failed [assess: no tox]", carried.recent().get(9));
  }
}
