package dev.timmyloop.workflows.cycle;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.agent.AgentCheckActivities;
import dev.timmyloop.activities.agent.AgentCheckActivities.AgentCheck;
import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.workflows.findings.FindingFiling;
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
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.phases.Reflect;
import dev.timmyloop.workflows.phases.Reflect.ReflectInput;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import dev.timmyloop.workflows.support.WorkflowIds;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** One cycle: the six phases in order, each a child workflow, then the cycle's table. */
public class TimmyCycleImpl implements TimmyCycle {
  private static final Logger log = Workflow.getLogger(TimmyCycleImpl.class);
  private static final String PHASE_5 = "await-landings";

  private final SettingsActivities settingsActivities =
      Stubs.shared().stub(SettingsActivities.class, ActivityProfiles.STATE, "read settings");

  private final List<PhaseReport> phases = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  /** What the phases saw (their runtime errors too), filed at the end of the cycle. */
  private final List<Finding> findings = new ArrayList<>();

  /**
   * What the issue jobs told the cycle (an end, a freed pane), in the order their signals came; the
   * first {@code handedOn} went to phase 5.
   */
  private final List<Consumer<AwaitLandings>> notices = new ArrayList<>();

  private int handedOn;
  private String current = "starting";
  private LoopSettings settings;
  private int cycle;

  @Override
  public CycleResult run(CycleInput in) {
    CycleInput input = in == null ? CycleInput.defaults() : in;
    String cycleId = Workflow.getInfo().getWorkflowId();
    long started = Workflow.currentTimeMillis();
    settings = settingsActivities.settings();
    int cycle = cycleNumber(input, cycleId);
    this.cycle = cycle;
    TimmyAttributes.upsertCycle(settings, cycle);
    boolean dryRun = Boolean.TRUE.equals(input.dryRun());
    int maxDispatch = input.maxDispatch() != null ? input.maxDispatch() : settings.maxDispatch();
    long budget =
        input.budgetSeconds() != null ? input.budgetSeconds() : settings.cycleBudgetSeconds();
    // Before phase 1: repairs (1), the analysis (3) and the jobs (4) all run the agent, and a
    // repair or job whose agent cannot start would park its PR or issue as needs-human.
    String agent = checkAgent();

    // A bad prompt template fails the cycle once, here, instead of every job it would dispatch.
    String badConfig = checkPromptTemplate();
    FixReport fixed =
        badConfig != null
            ? null
            : phase(
                1,
                "fix-broken-prs",
                FixBrokenPrs.class,
                p -> p.fix(new FixInput(cycle, dryRun, settings)),
                FixReport::summary);
    Assessment assessed =
        badConfig != null
            ? null
            : phase(
                2,
                "assess",
                Assess.class,
                p -> p.assess(new AssessInput(cycle, dryRun, settings)),
                Assessment::summary);
    boolean blocked = fixed != null && !fixed.leftBroken().isEmpty();

    FillReport filled = null;
    DispatchReport dispatched = null;
    LandingsReport awaited = null;
    if (assessed != null && blocked) {
      skip(3, "fill-queue", "broken PRs left: " + fixed.leftBroken());
      skip(4, "dispatch", "broken PRs left: " + fixed.leftBroken());
      skip(5, PHASE_5, "nothing dispatched");
    } else if (assessed != null) {
      filled =
          phase(
              3,
              "fill-queue",
              FillQueue.class,
              p ->
                  p.fill(
                      new FillInput(
                          cycle,
                          dryRun,
                          settings,
                          assessed.ranked().size(),
                          assessed.idlePanes().size(),
                          assessed.openTitles(),
                          AnalysisPrompt.mainReport(assessed))),
              FillReport::summary);
      List<IssueRef> ranked = CycleReport.withFiled(assessed.ranked(), filled);
      dispatched =
          phase(
              4,
              "dispatch",
              Dispatch.class,
              p ->
                  p.dispatch(
                      new DispatchInput(
                          cycle,
                          dryRun,
                          settings,
                          maxDispatch,
                          assessed.idlePanes(),
                          ranked,
                          agent)),
              DispatchReport::summary);
      if (dispatched != null) {
        DispatchReport d = dispatched;
        boolean landAll = Boolean.TRUE.equals(input.landAll());
        awaited =
            phase(
                5,
                PHASE_5,
                AwaitLandings.class,
                p ->
                    awaitHandingOnEnds(
                        p,
                        new AwaitInput(
                            cycle,
                            d.assignments(),
                            landAll,
                            budget,
                            ranked.size() > d.assignments().size(),
                            dryRun ? List.of() : assessed.paneHolders())),
                LandingsReport::summary);
      } else {
        skip(5, PHASE_5, "dispatch failed");
      }
    } else {
      String why = badConfig != null ? "invalid configuration" : "assess failed";
      if (badConfig != null) {
        skip(1, "fix-broken-prs", why);
        skip(2, "assess", why);
      }
      skip(3, "fill-queue", why);
      skip(4, "dispatch", why);
      skip(5, PHASE_5, why);
    }

    List<Long> findingsFiled = fileFindings(fixed, assessed, filled, awaited, dryRun);
    String outcome = !failures.isEmpty() ? "failed" : blocked ? "blocked" : "ok";
    FillReport fr = filled;
    DispatchReport dr = dispatched;
    LandingsReport lr = awaited;
    // Once for the reflection, once more with phase 6 in it.
    Supplier<CycleResult> results =
        () ->
            CycleReport.result(
                cycle,
                outcome,
                List.copyOf(phases),
                fixed,
                assessed,
                fr,
                dr,
                lr,
                failures,
                findingsFiled);
    CycleResult result = results.get();
    var record =
        CycleReport.record(
            result, cycleId, started, Workflow.currentTimeMillis(), dispatched, awaited);
    PhaseReport reflected =
        timed(
            6,
            "reflect",
            Reflect.class,
            p ->
                p.reflect(
                        new ReflectInput(
                            record, CycleReport.correspondence(result, record), settings))
                    .summary());
    phases.add(reflected);
    current = "done";
    LoopMetrics.count(LoopMetrics.CYCLES, "outcome", outcome);
    TimmyAttributes.upsertOutcome(settings, outcome);
    return results.get();
  }

  /**
   * Runs phase 5 and hands it every job end and freed pane this cycle has heard, those from before
   * it started first, until it returns. One that comes as it closes is lost to it alone: it has its
   * answer.
   */
  private LandingsReport awaitHandingOnEnds(AwaitLandings phase5, AwaitInput awaitInput) {
    Promise<LandingsReport> report = Async.function(phase5::await, awaitInput);
    Promise<WorkflowExecution> started = Workflow.getWorkflowExecution(phase5);
    while (true) {
      Workflow.await(
          () ->
              report.isCompleted()
                  || (started.isCompleted()
                      && started.getFailure() == null
                      && handedOn < notices.size()));
      if (report.isCompleted()) return report.get();
      try {
        notices.get(handedOn++).accept(phase5);
      } catch (RuntimeException e) {
        if (report.isCompleted()) return report.get();
        log.warn("could not hand a job's signal on to phase 5: {}", e.getMessage());
      }
    }
  }

  @Override
  public void jobEnded(IssueJobResult result) {
    if (result != null) notices.add(p -> p.jobEnded(result));
  }

  @Override
  public void paneFreed(long issue) {
    notices.add(p -> p.paneFreed(issue));
  }

  /** Findings of every phase, filed in one place even when the queue is full; within the cap. */
  private List<Long> fileFindings(
      FixReport fixed,
      Assessment assessed,
      FillReport filled,
      LandingsReport awaited,
      boolean dryRun) {
    List<Finding> all = new ArrayList<>();
    if (fixed != null) all.addAll(fixed.findings());
    if (assessed != null) all.addAll(assessed.findings());
    all.addAll(findings);
    if (filled != null) all.addAll(filled.findings());
    if (awaited != null) all.addAll(awaited.findings());
    if (dryRun) return List.of();
    current = "filing findings";
    all.addAll(FindingFiling.ciFlips());
    // Jobs that ended after phase 5 handed their findings to the home host's ledger.
    List<Long> filed = FindingFiling.fileWithLedger(settings, all, settings.maxFindingsPerCycle());
    if (!all.isEmpty())
      log.info("{} findings, {} filed: {}", Findings.unique(all).size(), filed.size(), filed);
    return filed;
  }

  /**
   * Fails the cycle before it touches anything when the configured agent cannot run; else returns
   * its profile's name.
   */
  private String checkAgent() {
    current = "checking the agent";
    AgentCheck check =
        Stubs.home(settings)
            .stub(
                AgentCheckActivities.class,
                ActivityProfiles.AGENT_CHECK,
                "check the configured agent")
            .check("");
    if (check.usable()) return check.agent();
    current = "failed: the agent cannot run";
    LoopMetrics.count(LoopMetrics.CYCLES, "outcome", "agent_unusable");
    throw ApplicationFailure.newNonRetryableFailure(unusable(check), FailureTypes.AGENT_UNUSABLE);
  }

  /** {@code agent codex cannot run: } and one line per problem. */
  static String unusable(AgentCheck check) {
    StringBuilder s = new StringBuilder("agent ").append(check.agent()).append(" cannot run:");
    List<String> problems = check.problems() == null ? List.of() : check.problems();
    if (problems.isEmpty()) s.append(" no reason given");
    for (String p : problems) s.append("\n- ").append(p.replace('\n', ' ').trim());
    return s.toString();
  }

  @Override
  public String currentPhase() {
    return current;
  }

  /** Reads the prompt template as a job would; its problem (recorded as a failure), or null. */
  private String checkPromptTemplate() {
    try {
      settingsActivities.promptTemplate();
      return null;
    } catch (ActivityFailure e) {
      String why = rootMessage(e);
      log.warn("cycle {} not started: {}", cycle, why);
      failures.add("config: " + why);
      return why;
    }
  }

  private int cycleNumber(CycleInput input, String workflowId) {
    if (input.cycle() != null) return input.cycle();
    int fromId = WorkflowIds.cycleNumberOf(workflowId);
    if (fromId > 0) return fromId;
    StateFileActivities state = Stubs.home(settings).state("read state.json");
    return state.readState().lastCycle() + 1;
  }

  /** Runs phase {@code k} as a child; a failure is recorded and the phase's result is null. */
  private <P, R> R phase(
      int k, String name, Class<P> type, Function<P, R> call, Function<R, String> summary) {
    List<R> holder = new ArrayList<>(1);
    PhaseReport report =
        timed(
            k,
            name,
            type,
            p -> {
              R r = call.apply(p);
              holder.add(r);
              return summary.apply(r);
            });
    phases.add(report);
    return holder.isEmpty() ? null : holder.get(0);
  }

  private <P> PhaseReport timed(int k, String name, Class<P> type, Function<P, String> call) {
    String id = WorkflowIds.phase(Workflow.getInfo().getWorkflowId(), k, name);
    current = "phase-" + k + "-" + name;
    Workflow.setCurrentDetails(
        "**" + current + "** · done: " + phases.stream().map(PhaseReport::name).toList());
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setStaticSummary("Phase " + k + ": " + name);
    TimmyAttributes.phase(options, settings, cycle, current);
    P stub = Workflow.newChildWorkflowStub(type, options.build());
    long t0 = Workflow.currentTimeMillis();
    try {
      String summary = call.apply(stub);
      long millis = Workflow.currentTimeMillis() - t0;
      LoopMetrics.time(LoopMetrics.PHASE_DURATION, millis, "phase", "phase-" + k + "-" + name);
      return new PhaseReport(k, name, summary, millis);
    } catch (ChildWorkflowFailure e) {
      String why = rootMessage(e);
      log.warn("phase {} failed: {}", name, why);
      failures.add(name + ": " + why);
      Finding runtime = Findings.runtime(e, Workflow.getInfo().getWorkflowId());
      if (runtime != null) findings.add(runtime);
      return new PhaseReport(k, name, "FAILED: " + why, Workflow.currentTimeMillis() - t0);
    }
  }

  private void skip(int k, String name, String why) {
    phases.add(new PhaseReport(k, name, "skipped: " + why, 0));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t instanceof TemporalFailure tf
        ? tf.getOriginalMessage()
        : String.valueOf(t.getMessage());
  }
}
