package dev.timmyloop.workflows.cycle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.cycle.TimmyCycle.PhaseReport;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.JobEndListener;
import dev.timmyloop.workflows.issue.RecordingActivities;
import dev.timmyloop.workflows.phases.Assess;
import dev.timmyloop.workflows.phases.AwaitLandingsImpl;
import dev.timmyloop.workflows.phases.Dispatch;
import dev.timmyloop.workflows.phases.FillQueue;
import dev.timmyloop.workflows.phases.FixBrokenPrs;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.phases.Reflect;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Phase 5 hears the jobs' ends as signals through the cycle: ends from before it started and after
 * both count, and the budget still ends the wait. The phases around it and the jobs are stand-ins
 * that end when the test says; the cycle and phase 5 are the real ones.
 */
@Timeout(60)
class CycleJobEndSignalsTest {
  static final String ID = "timmy-cycle-7";
  static final String PHASE_5 = ID + "/phase-5-await-landings";

  /** When each stand-in job ends, in seconds after it starts; absent: never. */
  static final Map<Long, Long> END_AFTER = new ConcurrentHashMap<>();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    // Real time, in seconds: the test server's time skipping stalls once signals cross between
    // workflows (temporalio/sdk-java#1618), and the extension fails to close without it.
    testEnv =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    worker = testEnv.newWorker("job-end-signals");
    worker.registerWorkflowImplementationTypes(
        TimmyCycleImpl.class,
        NoBrokenPrs.class,
        ThreeIssues.class,
        FullQueue.class,
        StartJobs.class,
        AwaitLandingsImpl.class,
        NoReflect.class,
        EndingJob.class);
    client = testEnv.getWorkflowClient();
    END_AFTER.clear();
  }

  @AfterEach
  void tearDown() {
    testEnv.close();
  }

  private CycleResult run(boolean landAll, long budgetSeconds) {
    worker.registerActivitiesImplementations(new RecordingActivities(client).all());
    worker.registerActivitiesImplementations(new FixedAgentCheck());
    testEnv.start();
    return client
        .newWorkflowStub(
            TimmyCycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .run(new CycleInput(7, 3, false, landAll, budgetSeconds));
  }

  @Test
  void jobsEndingBeforeAndAfterPhase5StartsAreAllReported() {
    END_AFTER.put(1L, 0L); // ends while dispatch still runs: before phase 5 exists
    END_AFTER.put(2L, 4L); // ends while phase 5 waits
    END_AFTER.put(3L, 6L);

    CycleResult r = run(true, 30);

    assertEquals(List.of(1L, 2L, 3L), r.landed(), r.toString());
    assertEquals(List.of(), r.pending());
    List<HistoryEvent> cycle = client.fetchHistory(ID).getEvents();
    int phase5Started =
        indexOf(cycle, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED, PHASE_5);
    List<Integer> signals = indexes(cycle, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assertEquals(3, signals.size(), "one end signal per job");
    assertTrue(signals.get(0) < phase5Started, "job 1 ended before phase 5 started");
    assertTrue(signals.get(1) > phase5Started, "job 2 ended after");
    long waited = phase5(r).durationMillis();
    assertTrue(
        waited >= 1_000 && waited < 30_000, "waited for job 3, not the budget: " + phase5(r));
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(ID), TimmyCycleImpl.class));
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(PHASE_5), AwaitLandingsImpl.class));
  }

  @Test
  void anEndHeardBeforePhase5IsEnoughForTheFirstOf() {
    END_AFTER.put(1L, 0L);

    CycleResult r = run(false, 30);

    assertEquals(List.of(1L), r.landed(), r.toString());
    assertEquals(List.of(2L, 3L), r.pending());
    assertTrue(phase5(r).durationMillis() < 2_000, "no wait: " + phase5(r));
  }

  @Test
  void theBudgetEndsTheWaitForAJobThatNeverEnds() {
    END_AFTER.put(1L, 0L);
    END_AFTER.put(2L, 3L);

    CycleResult r = run(true, 8);

    assertEquals(List.of(1L, 2L), r.landed(), r.toString());
    assertEquals(List.of(3L), r.pending());
    long waited = phase5(r).durationMillis();
    assertTrue(waited >= 8_000 && waited < 14_000, "the budget, no more: " + waited);
  }

  private static PhaseReport phase5(CycleResult r) {
    return r.phases().stream().filter(p -> p.phase() == 5).findFirst().orElseThrow();
  }

  private static int indexOf(List<HistoryEvent> events, EventType type, String childId) {
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.getEventType() == type
          && e.getStartChildWorkflowExecutionInitiatedEventAttributes()
              .getWorkflowId()
              .equals(childId)) return i;
    }
    throw new AssertionError("no " + type + " for " + childId);
  }

  private static List<Integer> indexes(List<HistoryEvent> events, EventType type) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) if (events.get(i).getEventType() == type) out.add(i);
    return out;
  }

  public static class NoBrokenPrs implements FixBrokenPrs {
    @Override
    public FixReport fix(FixInput input) {
      return new FixReport(
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          "nothing broken",
          List.of());
    }

    @Override
    public void landed(dev.timmyloop.workflows.merge.MergeQueue.LandResult result) {}
  }

  public static class ThreeIssues implements Assess {
    @Override
    public Assessment assess(AssessInput input) {
      List<IssueRef> ranked =
          List.of(1L, 2L, 3L).stream()
              .map(n -> new IssueRef(n, "issue " + n, List.of(), ""))
              .toList();
      return new Assessment(
          ranked,
          List.of(),
          List.of("Kimi:0.0", "Kimi:0.1", "Kimi:0.2"),
          List.of(),
          true,
          List.of(),
          0,
          List.of(),
          List.of(),
          "3 issues",
          List.of(),
          Assess.MainCheckedBy.TESTS,
          List.of());
    }
  }

  public static class FullQueue implements FillQueue {
    @Override
    public FillReport fill(FillInput input) {
      return new FillReport(List.of(), List.of(), List.of(), "queue full", List.of());
    }
  }

  /**
   * Starts a stand-in job per issue as Dispatch does, then lingers so that a quick job ends first.
   */
  public static class StartJobs implements Dispatch {
    @Override
    public DispatchReport dispatch(DispatchInput input) {
      String cycleId = Workflow.getInfo().getParentWorkflowId().orElseThrow();
      List<Assignment> out = new ArrayList<>();
      for (int i = 0; i < input.ranked().size(); i++) {
        long n = input.ranked().get(i).number();
        String pane = input.idlePanes().get(i);
        IssueJob job =
            Workflow.newChildWorkflowStub(
                IssueJob.class,
                ChildWorkflowOptions.newBuilder()
                    .setWorkflowId(IssueJob.workflowId(n))
                    .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                    .build());
        Async.function(
            job::run,
            new IssueJob.IssueJobInput(
                input.cycle(),
                n,
                "issue " + n,
                new Holder(cycleId, "", pane),
                input.settings(),
                null));
        Workflow.getWorkflowExecution(job).get();
        out.add(new Assignment(pane, n, "issue " + n, IssueJob.workflowId(n)));
      }
      Workflow.sleep(Duration.ofSeconds(2));
      return new DispatchReport(out, List.of(), "dispatched " + out.size());
    }
  }

  public static class NoReflect implements Reflect {
    @Override
    public ReflectReport reflect(ReflectInput input) {
      return new ReflectReport("reflected");
    }
  }

  /**
   * Lands after END_AFTER seconds and tells its cycle, as IssueJobImpl does; never ends without
   * one.
   */
  public static class EndingJob implements IssueJob {
    @Override
    public IssueJobResult run(IssueJobInput input) {
      Long after = END_AFTER.get(input.issue());
      Workflow.sleep(Duration.ofSeconds(after == null ? 3600 : after));
      IssueJobResult r =
          new IssueJobResult(
              input.issue(),
              input.claim().pane(),
              Outcome.LANDED,
              100 + input.issue(),
              "sha",
              1,
              "",
              after,
              "",
              "",
              0,
              List.of());
      JobEndListener.tell(input.claim().cycle(), r);
      return r;
    }

    @Override
    public void listenTo(String cycleWorkflowId) {}

    @Override
    public String step() {
      return "";
    }

    @Override
    public void landed(dev.timmyloop.workflows.merge.MergeQueue.LandResult result) {}
  }
}
