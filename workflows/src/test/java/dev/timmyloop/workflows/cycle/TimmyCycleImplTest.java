package dev.timmyloop.workflows.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.PostedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.CycleRecord;
import dev.timmyloop.activities.state.StateFileActivities.PaneRecord;
import dev.timmyloop.activities.state.StateFileActivities.PendingFinding;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.phases.AnalysisPrompt;
import dev.timmyloop.workflows.phases.Assess;
import dev.timmyloop.workflows.phases.Assess.AssessInput;
import dev.timmyloop.workflows.phases.Assess.Assessment;
import dev.timmyloop.workflows.phases.AwaitLandings;
import dev.timmyloop.workflows.phases.AwaitLandings.AwaitInput;
import dev.timmyloop.workflows.phases.AwaitLandings.LandingsReport;
import dev.timmyloop.workflows.phases.Dispatch;
import dev.timmyloop.workflows.phases.Dispatch.DispatchInput;
import dev.timmyloop.workflows.phases.Dispatch.DispatchReport;
import dev.timmyloop.workflows.phases.FillQueue;
import dev.timmyloop.workflows.phases.FillQueue.FillInput;
import dev.timmyloop.workflows.phases.FillQueue.FillReport;
import dev.timmyloop.workflows.phases.FixBrokenPrs;
import dev.timmyloop.workflows.phases.FixBrokenPrs.FixInput;
import dev.timmyloop.workflows.phases.FixBrokenPrs.FixReport;
import dev.timmyloop.workflows.phases.PhaseFakes;
import dev.timmyloop.workflows.phases.PhaseFakes.Forge;
import dev.timmyloop.workflows.phases.PhaseFakes.Settings;
import dev.timmyloop.workflows.phases.PhaseFakes.State;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import dev.timmyloop.workflows.phases.Reflect;
import dev.timmyloop.workflows.phases.Reflect.ReflectInput;
import dev.timmyloop.workflows.phases.Reflect.ReflectReport;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cycle with stand-in phases: the six in order, each given what the ones before found; broken
 * PRs left block new work; a failed phase or a bad prompt template skips what depends on it, yet
 * the cycle is recorded; the phases' findings are filed once at the end, never in a dry run.
 */
@Timeout(60)
class TimmyCycleImplTest {
  static final String ID = "timmy-cycle-5";
  static final Finding FLAKY =
      new Finding("bug", "flaky test: t", "failed, then passed", "flaky:t");
  static final Finding CHANGED = AnalysisPrompt.changedFinding(List.of("SOUL.md"));

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(TimmyCycleImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private final Settings settings = new Settings();
  private final State state = new State();
  private final Forge forge = new Forge();
  private final FixedAgentCheck agent = new FixedAgentCheck();

  /** What each stand-in phase was given, by phase number (a map: a replay puts the same again). */
  private final Map<Integer, Object> inputs = new ConcurrentHashMap<>();

  private volatile List<Long> leftBroken = List.of();
  private volatile boolean dispatchFails;

  private final Assessment assessment =
      new Assessment(
          List.of(
              new IssueRef(3, "Speed up", List.of("p1"), ""),
              new IssueRef(1, "Add login", List.of(), "")),
          List.of("Speed up", "Add login"),
          List.of("Kimi:0.0", "Kimi:0.1", "Kimi:0.2"),
          List.of(),
          true,
          List.of(),
          0,
          List.of(FLAKY),
          List.of(),
          "2 unclaimed",
          List.of("1.20s tests/test_a.py::test_slow"),
          Assess.MainCheckedBy.TESTS,
          List.of(7L)); // an earlier cycle's job holds a pane

  public class Fix implements FixBrokenPrs {
    @Override
    public FixReport fix(FixInput input) {
      inputs.put(1, input);
      return new FixReport(
          List.of(),
          List.of(9L),
          List.of(9L),
          List.of(),
          leftBroken,
          List.of(),
          "fixed #9",
          List.of());
    }

    @Override
    public void landed(dev.timmyloop.workflows.merge.MergeQueue.LandResult result) {}
  }

  /**
   * Assesses as {@link #assessment}; with the forge failing, fails on its activity as the real one
   * would.
   */
  public class Assessing implements Assess {
    @Override
    public Assessment assess(AssessInput input) {
      inputs.put(2, input);
      Stubs.shared().gitea("list open issues").openIssues();
      return assessment;
    }
  }

  public class Fill implements FillQueue {
    @Override
    public FillReport fill(FillInput input) {
      inputs.put(3, input);
      return new FillReport(
          List.of(400L),
          List.of("[loop-generated] [feature] Add power"),
          List.of(),
          "filed 1",
          List.of(CHANGED));
    }
  }

  /** The first ranked issues to the idle panes, up to the cap. */
  public class Dispatching implements Dispatch {
    @Override
    public DispatchReport dispatch(DispatchInput input) {
      inputs.put(4, input);
      if (dispatchFails)
        throw ApplicationFailure.newNonRetryableFailure("claims.json is locked", "Test");
      List<Assignment> out = new ArrayList<>();
      for (int i = 0; i < Math.min(input.maxDispatch(), input.idlePanes().size()); i++) {
        IssueRef r = input.ranked().get(i);
        out.add(
            new Assignment(
                input.idlePanes().get(i), r.number(), r.title(), "timmy-issue-" + r.number()));
      }
      return new DispatchReport(out, List.of(), "dispatched " + out.size());
    }
  }

  /** Every job landed in a minute. */
  public class Landing implements AwaitLandings {
    @Override
    public LandingsReport await(AwaitInput input) {
      inputs.put(5, input);
      List<Long> landed = input.jobs().stream().map(Assignment::issue).toList();
      List<JobEnd> ends =
          input.jobs().stream()
              .map(
                  a -> new JobEnd(a.workflowId(), a.issue(), a.pane(), "landed", "", 60, "", "", 0))
              .toList();
      return new LandingsReport(landed, List.of(), List.of(), ends, "landed " + landed, List.of());
    }

    @Override
    public void jobEnded(IssueJobResult result) {}

    @Override
    public void paneFreed(long issue) {}
  }

  public class Reflecting implements Reflect {
    @Override
    public ReflectReport reflect(ReflectInput input) {
      inputs.put(6, input);
      return new ReflectReport("recorded");
    }
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    worker.registerWorkflowImplementationFactory(FixBrokenPrs.class, Fix::new);
    worker.registerWorkflowImplementationFactory(Assess.class, Assessing::new);
    worker.registerWorkflowImplementationFactory(FillQueue.class, Fill::new);
    worker.registerWorkflowImplementationFactory(Dispatch.class, Dispatching::new);
    worker.registerWorkflowImplementationFactory(AwaitLandings.class, Landing::new);
    worker.registerWorkflowImplementationFactory(Reflect.class, Reflecting::new);
  }

  private CycleResult run(CycleInput input) {
    worker.registerActivitiesImplementations(settings, state, forge, agent);
    testEnv.start();
    return client
        .newWorkflowStub(
            TimmyCycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .run(input);
  }

  private List<String> children() {
    return client.fetchHistory(ID).getEvents().stream()
        .filter(
            e -> e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
        .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
        .toList();
  }

  private static List<String> summaries(CycleResult r) {
    return r.phases().stream().map(p -> p.phase() + " " + p.name() + ": " + p.summary()).toList();
  }

  private List<String> filedFindings() {
    return forge.findings.stream().map(GiteaActivities.NewFinding::title).toList();
  }

  @Test
  void theSixPhasesRunInOrderEachGivenWhatTheOnesBeforeFound() {
    CycleResult r = run(CycleInput.defaults());

    var s = PhaseFakes.settings();
    assertEquals(
        List.of(
            ID + "/phase-1-fix-broken-prs",
            ID + "/phase-2-assess",
            ID + "/phase-3-fill-queue",
            ID + "/phase-4-dispatch",
            ID + "/phase-5-await-landings",
            ID + "/phase-6-reflect"),
        children());
    assertEquals(new FixInput(5, false, s), inputs.get(1), "the number from the workflow id");
    assertEquals(new AssessInput(5, false, s), inputs.get(2));
    assertEquals(
        new FillInput(
            5,
            false,
            s,
            2,
            3,
            List.of("Speed up", "Add login"),
            AnalysisPrompt.mainReport(assessment)),
        inputs.get(3),
        "how many are unclaimed and idle; findings go to the cycle, not the queue");
    assertEquals(
        new DispatchInput(
            5,
            false,
            s,
            2,
            List.of("Kimi:0.0", "Kimi:0.1", "Kimi:0.2"),
            List.of(
                assessment.ranked().get(0),
                assessment.ranked().get(1),
                new IssueRef(
                    400, "[loop-generated] [feature] Add power", List.of("loop-generated"), "")),
            "kimi-cli"),
        inputs.get(4),
        "the issue filed in phase 3 after those waiting; the agent the check named");
    List<Assignment> sent =
        List.of(
            new Assignment("Kimi:0.0", 3, "Speed up", "timmy-issue-3"),
            new Assignment("Kimi:0.1", 1, "Add login", "timmy-issue-1"));
    assertEquals(
        new AwaitInput(5, sent, false, 7200, true, List.of(7L)),
        inputs.get(5),
        "the worker's budget; the first job's end; #400 waits for a pane; #7's job is adopted");

    assertEquals("ok", r.outcome());
    assertEquals(
        List.of(
            "1 fix-broken-prs: fixed #9",
            "2 assess: 2 unclaimed",
            "3 fill-queue: filed 1",
            "4 dispatch: dispatched 2",
            "5 await-landings: landed [3, 1]",
            "6 reflect: recorded"),
        summaries(r));
    assertEquals(List.of(9L), r.prsFixed());
    assertEquals(List.of(3L, 1L), r.dispatched());
    assertEquals(List.of(3L, 1L), r.landed());
    assertEquals(1, r.waiting(), "#400 waits: dispatch's cap of 2");
    assertEquals(
        List.of(Findings.toIssue(FLAKY), Findings.toIssue(CHANGED)),
        forge.findings,
        "every phase's findings, once, at the end");
    assertEquals(List.of(400L, 500L, 501L), r.issuesFiled(), "phase 3's issue, then the findings'");

    ReflectInput reflected = (ReflectInput) inputs.get(6);
    CycleRecord rec = reflected.record();
    assertEquals(5, rec.cycle());
    assertEquals(ID, rec.workflowId());
    assertEquals("ok", rec.outcome());
    assertEquals(List.of(3L, 1L), rec.landed());
    assertEquals(
        List.of(
            new PaneRecord("Kimi:0.0", 3, 60, "landed"),
            new PaneRecord("Kimi:0.1", 1, 60, "landed")),
        rec.panes());
    assertTrue(
        reflected.correspondence().startsWith("## Cycle 5 — ok ("), reflected.correspondence());
    assertEquals(s, reflected.settings());
  }

  @Test
  void theInputOverridesTheWorkersDefaults() {
    CycleResult r = run(new CycleInput(12, 1, false, true, 60L));

    assertEquals(12, r.cycle());
    assertEquals(12, ((FixInput) inputs.get(1)).cycle());
    assertEquals(1, ((DispatchInput) inputs.get(4)).maxDispatch());
    assertEquals(2, r.waiting(), "a cap of 1 leaves #1 and #400 waiting");
    assertEquals(
        new AwaitInput(
            12,
            List.of(new Assignment("Kimi:0.0", 3, "Speed up", "timmy-issue-3")),
            true,
            60,
            true,
            List.of(7L)),
        inputs.get(5));
  }

  @Test
  void findingsJobsLeftInTheLedgerAreFiledFirstWithinTheCapAndLeaveIt() {
    var late =
        new PendingFinding(
            "gave-up:7", "bug", "agent output rejected on #7", "two attempts rejected");
    var deferred =
        new PendingFinding(
            "gave-up:8", "bug", "agent output rejected on #8", "two attempts rejected");
    state.pending.addAll(List.of(late, deferred));
    var s = PhaseFakes.settings();
    settings.settings =
        new LoopSettings(
            s.repository(),
            s.baseBranch(),
            s.panes(),
            s.protectedPaths(),
            s.testCommand(),
            s.maxDispatch(),
            s.maxFiledPerCycle(),
            s.claimTtlSeconds(),
            s.agentTimeoutSeconds(),
            s.ciTimeoutSeconds(),
            s.cycleBudgetSeconds(),
            s.loopPauseSeconds(),
            s.host(),
            s.hosts(),
            s.hostTimeoutSeconds(),
            s.searchAttributes(),
            s.realServer(),
            2,
            s.mergeMode(),
            s.mergeParallelism());

    CycleResult r = run(CycleInput.defaults());

    assertEquals(
        List.of(Findings.toIssue(Findings.of(late)), Findings.toIssue(Findings.of(deferred))),
        forge.findings,
        "two, the cap: the ledger's first, this cycle's findings wait");
    assertEquals(List.of("gave-up:7", "gave-up:8"), state.dropped);
    assertEquals(List.of(400L, 500L, 501L), r.issuesFiled());
  }

  @Test
  void aCiCheckThatFlippedOnAnOpenPrIsFiledAsFlaky() {
    forge.pulls.add(
        new PullRequest(
            9, "a PR", "open", "fix/7-x", "sha-9", "main", true, false, "", List.of(), "u", ""));
    forge.history.put(
        "sha-9",
        List.of(
            new PostedStatus("ci/unit", "success", ""),
            new PostedStatus("ci/unit", "failure", "Failing after 2s")));

    run(CycleInput.defaults());

    assertEquals(
        List.of(
            Findings.toIssue(FLAKY),
            Findings.toIssue(CHANGED),
            Findings.toIssue(Findings.ciFlips("sha-9", 9, forge.history.get("sha-9")).get(0))),
        forge.findings);
    assertTrue(filedFindings().get(2).endsWith("flaky test: ci/unit"), filedFindings().toString());
  }

  @Test
  void brokenPrsLeftBlockNewWorkButTheCycleIsRecorded() {
    leftBroken = List.of(9L);

    CycleResult r = run(CycleInput.defaults());

    assertEquals("blocked", r.outcome());
    assertEquals(
        List.of(
            "1 fix-broken-prs: fixed #9",
            "2 assess: 2 unclaimed",
            "3 fill-queue: skipped: broken PRs left: [9]",
            "4 dispatch: skipped: broken PRs left: [9]",
            "5 await-landings: skipped: nothing dispatched",
            "6 reflect: recorded"),
        summaries(r));
    assertEquals(
        List.of(1, 2, 6), inputs.keySet().stream().sorted().toList(), "no phase 3, 4 or 5 started");
    assertEquals("blocked", ((ReflectInput) inputs.get(6)).record().outcome());
    assertEquals(
        List.of(Findings.toIssue(FLAKY)),
        forge.findings,
        "assess's findings are filed all the same");
  }

  @Test
  void aFailedPhaseSkipsWhatDependsOnItAndItsRuntimeErrorIsFiled() {
    forge.openFailure = ApplicationFailure.newNonRetryableFailure("401 bad token", "GiteaAuth");

    CycleResult r = run(CycleInput.defaults());

    assertEquals("failed", r.outcome());
    assertEquals(1, r.failures().size(), r.failures().toString());
    assertTrue(
        r.failures().get(0).startsWith("assess: ") && r.failures().get(0).contains("401 bad token"),
        r.failures().get(0));
    assertEquals("3 fill-queue: skipped: assess failed", summaries(r).get(2));
    assertEquals("5 await-landings: skipped: assess failed", summaries(r).get(4));
    assertEquals(List.of(1, 2, 6), inputs.keySet().stream().sorted().toList());
    assertEquals(
        List.of("[loop-generated] [bug] runtime error in Gitea.OpenIssues: GiteaAuth"),
        filedFindings());
    assertTrue(
        forge.findings.get(0).body().contains(ID + "/phase-2-assess"),
        "names the phase: " + forge.findings.get(0).body());
    assertEquals(List.of(500L), r.issuesFiled());
    assertEquals(
        "failed", ((ReflectInput) inputs.get(6)).record().outcome(), "recorded all the same");
  }

  @Test
  void aFailedDispatchSkipsPhase5() {
    dispatchFails = true;

    CycleResult r = run(CycleInput.defaults());

    assertEquals("failed", r.outcome());
    assertTrue(summaries(r).get(3).startsWith("4 dispatch: FAILED: "), summaries(r).get(3));
    assertEquals("5 await-landings: skipped: dispatch failed", summaries(r).get(4));
    assertEquals(List.of(1, 2, 3, 4, 6), inputs.keySet().stream().sorted().toList());
  }

  @Test
  void aBadPromptTemplateStopsTheCycleBeforeAnyWorkPhase() {
    settings.templateFailure =
        ApplicationFailure.newNonRetryableFailure(
            "prompt.md: unknown placeholder {FOO}", "ConfigInvalid");

    CycleResult r = run(CycleInput.defaults());

    assertEquals("failed", r.outcome());
    assertEquals(List.of("config: prompt.md: unknown placeholder {FOO}"), r.failures());
    for (int k = 0; k < 5; k++) {
      assertTrue(
          summaries(r).get(k).endsWith("skipped: invalid configuration"), summaries(r).get(k));
    }
    assertEquals(List.of(ID + "/phase-6-reflect"), children(), "only the record");
  }

  @Test
  void aDryRunTellsEveryPhaseAndFilesNoFinding() {
    CycleResult r = run(new CycleInput(null, null, true, null, null));

    assertEquals(true, ((FixInput) inputs.get(1)).dryRun());
    assertEquals(true, ((AssessInput) inputs.get(2)).dryRun());
    assertEquals(true, ((FillInput) inputs.get(3)).dryRun());
    assertEquals(true, ((DispatchInput) inputs.get(4)).dryRun());
    assertEquals(List.of(), ((AwaitInput) inputs.get(5)).older(), "a dry run adopts no job");
    assertEquals(List.of(), forge.findings);
    assertEquals(
        List.of(400L), r.issuesFiled(), "phase 3 said it filed #400 (its own dry run decides)");
  }
}
