package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.phases.Dispatch.DispatchInput;
import dev.timmyloop.workflows.phases.Dispatch.DispatchReport;
import dev.timmyloop.workflows.phases.PhaseFakes.State;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.support.Hosts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 4 with stand-in jobs: for each idle pane, up to the cap, the best issue is claimed and its
 * job started as a child that outlives the phase; an issue held by another or with a running job is
 * passed over for the next.
 */
@Timeout(60)
class DispatchImplTest {
  // Run alone, the dispatch claims in its own workflow id's name (under a cycle: the cycle's id).
  static final String DISPATCH_ID = "timmy-cycle-4";
  static final Holder OWNER_0 = new Holder("timmy-cycle-4", "", "Kimi:0.0");
  static final Holder OWNER_1 = new Holder("timmy-cycle-4", "", "Kimi:0.1");

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DispatchImpl.class)
          .setDoNotStart(true)
          .build();

  /** Stands in for the job: runs until the test ends (no timer the test server could skip to). */
  public static class LongJob implements IssueJob {
    @Override
    public IssueJobResult run(IssueJobInput input) {
      Workflow.await(() -> false);
      return new IssueJobResult(
          input.issue(),
          input.claim().paneLabel(),
          Outcome.LANDED,
          1,
          "sha",
          1,
          "",
          3600,
          "",
          "",
          0,
          List.of());
    }

    @Override
    public void listenTo(String cycleWorkflowId) {}

    @Override
    public String step() {
      return "";
    }

    @Override
    public void landed(LandResult result) {}
  }

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private final State state = new State();

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    worker.registerWorkflowImplementationTypes(LongJob.class);
  }

  private static IssueRef ref(long n) {
    return new IssueRef(n, "issue " + n, List.of(), "");
  }

  private static DispatchInput input(
      boolean dryRun, LoopSettings settings, List<String> idle, long... issues) {
    List<IssueRef> ranked =
        java.util.Arrays.stream(issues).mapToObj(DispatchImplTest::ref).toList();
    return new DispatchInput(4, dryRun, settings, 2, idle, ranked, "claude");
  }

  private DispatchReport dispatch(DispatchInput input) {
    worker.registerActivitiesImplementations(state);
    testEnv.start();
    return client
        .newWorkflowStub(
            Dispatch.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(DISPATCH_ID)
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .dispatch(input);
  }

  /**
   * The input the job of {@code issue} was started with, as its history has it; null when none
   * started.
   */
  private IssueJobInput started(long issue) {
    try {
      var attributes =
          client
              .fetchHistory(IssueJob.workflowId(issue))
              .getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes();
      return GlobalDataConverter.get()
          .fromPayloads(
              0, Optional.of(attributes.getInput()), IssueJobInput.class, IssueJobInput.class);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) return null;
      throw e;
    }
  }

  /** How the phase started its children, as its history has it. */
  private List<StartChildWorkflowExecutionInitiatedEventAttributes> childStarts() {
    return client.fetchHistory(DISPATCH_ID).getEvents().stream()
        .filter(
            e -> e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
        .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes())
        .toList();
  }

  @Test
  void theBestIssuesAreClaimedForIdlePanesUpToTheCapAndTheirJobsStartedToOutliveThePhase() {
    List<String> idle = List.of("Kimi:0.0", "Kimi:0.1", "Kimi:0.2");

    DispatchReport r = dispatch(input(false, PhaseFakes.settings(), idle, 5, 3, 8));

    assertEquals(
        List.of(
            new Assignment("Kimi:0.0", 5, "issue 5", "timmy-issue-5"),
            new Assignment("Kimi:0.1", 3, "issue 3", "timmy-issue-3")),
        r.assignments(),
        "two of three panes: the cap");
    assertEquals(
        List.of(new ClaimRequest(5, OWNER_0, 3600), new ClaimRequest(3, OWNER_1, 3600)),
        state.claims);
    assertEquals(
        new IssueJobInput(4, 5, "issue 5", OWNER_0, PhaseFakes.settings(), "claude"), started(5));
    assertEquals(
        new IssueJobInput(4, 3, "issue 3", OWNER_1, PhaseFakes.settings(), "claude"), started(3));
    assertEquals(null, started(8));
    assertEquals("dispatched [#5→Kimi:0.0, #3→Kimi:0.1]", r.summary());
    assertEquals(List.of(), r.skipped());
    assertEquals(List.of(), state.released);
    for (var child : childStarts()) {
      assertEquals(
          ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON,
          child.getParentClosePolicy(),
          "outlives the cycle");
      assertEquals(
          WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
          child.getWorkflowIdReusePolicy(),
          "a later cycle may try the issue again");
    }
    assertEquals(2, childStarts().size());
  }

  @Test
  void anIssueClaimedByAnotherIsPassedOverForTheNext() {
    state.heldByOthers.put(5L, new Holder("timmy-cycle-3", "", "Kimi:0.2"));

    DispatchReport r = dispatch(input(false, PhaseFakes.settings(), List.of("Kimi:0.0"), 5, 3));

    assertEquals(
        List.of(new Assignment("Kimi:0.0", 3, "issue 3", "timmy-issue-3")), r.assignments());
    assertEquals(List.of("#5 is claimed by timmy-cycle-3 on Kimi:0.2"), r.skipped());
    assertEquals(OWNER_0, started(3).claim());
    assertEquals(null, started(5));
    assertEquals(List.of(), state.released, "not ours to release");
  }

  @Test
  void anIssueWhoseJobStillRunsIsReleasedAndPassedOver() {
    worker.registerActivitiesImplementations(state);
    testEnv.start();
    IssueJob earlier =
        client.newWorkflowStub(
            IssueJob.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IssueJob.workflowId(5))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(
        earlier::run,
        new IssueJobInput(
            3,
            5,
            "issue 5",
            new Holder("timmy-cycle-3", "", "Kimi:0.2"),
            PhaseFakes.settings(),
            "claude"));

    DispatchReport r =
        client
            .newWorkflowStub(
                Dispatch.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(DISPATCH_ID)
                    .setTaskQueue(worker.getTaskQueue())
                    .build())
            .dispatch(input(false, PhaseFakes.settings(), List.of("Kimi:0.0"), 5, 3));

    assertEquals(
        List.of(new Assignment("Kimi:0.0", 3, "issue 3", "timmy-issue-3")), r.assignments());
    assertEquals(List.of("#5 already has a running job"), r.skipped());
    assertEquals(List.of(new Release(5, OWNER_0)), state.released, "its claim dropped again");
    assertEquals(4, started(3).cycle());
    assertEquals(3, started(5).cycle(), "the running job is left alone, not started again");
  }

  @Test
  void aDryRunClaimsAndStartsNothing() {
    DispatchReport r =
        dispatch(input(true, PhaseFakes.settings(), List.of("Kimi:0.0", "Kimi:0.1"), 5, 3, 8));

    assertEquals(
        List.of(
            new Assignment("Kimi:0.0", 5, "issue 5", "(dry run)"),
            new Assignment("Kimi:0.1", 3, "issue 3", "(dry run)")),
        r.assignments());
    assertEquals(List.of(), state.claims);
    assertEquals(null, started(5));
  }

  @Test
  void noIdlePaneOrNoIssueDispatchesNothing() {
    DispatchReport r = dispatch(input(false, PhaseFakes.settings(), List.of(), 5, 3));

    assertEquals(List.of(), r.assignments());
    assertEquals("nothing dispatched (0 idle panes, 2 unclaimed issues)", r.summary());
    assertEquals(List.of(), state.claims);
  }

  @Test
  void aClaimThatFailsForGoodFailsThePhaseAndStartsNoJob() {
    state.claimFailure =
        ApplicationFailure.newNonRetryableFailure("claims.json is not writable", "ConfigInvalid");

    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () -> dispatch(input(false, PhaseFakes.settings(), List.of("Kimi:0.0"), 5)));

    assertEquals(
        "State.Claim", assertInstanceOf(ActivityFailure.class, e.getCause()).getActivityType());
    assertEquals(null, started(5));
  }

  @Test
  void withSeveralHostsTheClaimGoesToTheHomeHostAndTheJobGetsPaneAndHostApart() {
    LoopSettings base = PhaseFakes.settings();
    LoopSettings two =
        new LoopSettings(
            base.repository(),
            base.baseBranch(),
            base.panes(),
            base.protectedPaths(),
            base.testCommand(),
            base.maxDispatch(),
            base.maxFiledPerCycle(),
            base.claimTtlSeconds(),
            base.agentTimeoutSeconds(),
            base.ciTimeoutSeconds(),
            base.cycleBudgetSeconds(),
            base.loopPauseSeconds(),
            "a",
            List.of("a", "b"),
            30,
            false,
            false,
            base.maxFindingsPerCycle(),
            base.mergeMode(),
            base.mergeParallelism());
    // Only the home host's worker serves state files.
    testEnv
        .newWorker(Hosts.queue(worker.getTaskQueue(), "a"))
        .registerActivitiesImplementations(state);
    testEnv.start();

    DispatchReport r =
        client
            .newWorkflowStub(
                Dispatch.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(DISPATCH_ID)
                    .setTaskQueue(worker.getTaskQueue())
                    .build())
            .dispatch(input(false, two, List.of("Kimi:0.1@b"), 5));

    assertEquals(
        List.of(new Assignment("Kimi:0.1@b", 5, "issue 5", "timmy-issue-5")), r.assignments());
    assertEquals(
        List.of(new ClaimRequest(5, new Holder("timmy-cycle-4", "b", "Kimi:0.1"), 3600)),
        state.claims);
    assertEquals(
        new IssueJobInput(
            4, 5, "issue 5", new Holder("timmy-cycle-4", "b", "Kimi:0.1"), two, "claude"),
        started(5));
  }
}
