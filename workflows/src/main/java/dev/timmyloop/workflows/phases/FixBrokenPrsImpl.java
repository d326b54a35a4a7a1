package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.git.GitActivities.RefQuery;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.issue.Branches;
import dev.timmyloop.workflows.issue.Failures;
import dev.timmyloop.workflows.merge.LandingRequester;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.AfterLanding;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Fate;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Land;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Leave;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.PrAction;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.PrSnapshot;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Repair;
import dev.timmyloop.workflows.phases.BrokenPrPolicy.Settled;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.repair.PrRepair;
import dev.timmyloop.workflows.repair.PrRepair.Reason;
import dev.timmyloop.workflows.repair.PrRepair.RepairInput;
import dev.timmyloop.workflows.repair.PrRepair.RepairResult;
import dev.timmyloop.workflows.support.Hosts;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.PaneScan;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Phase 1: fix broken PRs first. Each PR is handled in parallel; repairs take an idle pane each.
 */
public class FixBrokenPrsImpl implements FixBrokenPrs {
  private final Stubs shared = Stubs.shared();

  private final Map<Long, LandResult> landed = new HashMap<>();
  private final Deque<String> idlePanes = new ArrayDeque<>();
  private FixInput input;

  @Override
  public void landed(LandResult result) {
    landed.put(result.pull(), result);
  }

  @Override
  public FixReport fix(FixInput input) {
    return TimmyAttributes.failedPhase(() -> fixBody(input));
  }

  private FixReport fixBody(FixInput input) {
    this.input = input;
    List<PullRequest> open = shared.gitea("list open PRs").openPulls();
    if (open.isEmpty()) return report(List.of(), "no open PRs");
    Stubs home = Stubs.home(input.settings());
    home.git("fetch").fetch();
    Set<Long> claimedIssues =
        home.state("read claims").readState().liveClaims().stream()
            .map(c -> c.issue())
            .collect(Collectors.toSet());
    idlePanes.addAll(PaneScan.scan(input.settings(), Set.of()).idle());
    List<Promise<Handled>> work = new ArrayList<>();
    for (PullRequest pr : open) {
      PrSnapshot snap = snapshot(pr, claimedIssues);
      PrAction action = BrokenPrPolicy.decide(snap);
      work.add(Async.function(this::handle, snap, action));
    }
    List<Handled> handled = work.stream().map(Promise::get).toList();
    for (Handled h : handled) {
      if (h.what().contains(Fate.REBASED)) LoopMetrics.count(LoopMetrics.PRS_REBASED);
      if (h.what().contains(Fate.REPAIRED)) LoopMetrics.count(LoopMetrics.PRS_REPAIRED);
      if (h.what().contains(Fate.PARKED)) LoopMetrics.count(LoopMetrics.PRS_PARKED);
    }
    return report(handled, null);
  }

  private PrSnapshot snapshot(PullRequest pr, Set<Long> claimedIssues) {
    Stubs home = Stubs.home(input.settings());
    int behind =
        home.git("behind of PR #" + pr.number())
            .refState(new RefQuery("origin/" + pr.headBranch(), "origin/" + pr.baseBranch()))
            .behind();
    String ci = shared.gitea("CI state of PR #" + pr.number()).combinedStatus(pr.headSha()).state();
    // The loop's branch of an issue whose job still holds the claim (any kind: fix/, feat/ …).
    boolean inProgress = inProgress(pr.headBranch(), claimedIssues);
    return new PrSnapshot(
        pr.number(),
        pr.title(),
        pr.headBranch(),
        pr.headSha(),
        behind,
        ci,
        pr.mergeable(),
        pr.labels(),
        inProgress);
  }

  /** Whether {@code branch} is the loop's branch of a claimed issue. */
  public static boolean inProgress(String branch, Set<Long> claimedIssues) {
    return Branches.issueOf(branch).stream().anyMatch(claimedIssues::contains);
  }

  /** What happened to one PR: rebased and merged, repaired and merged, parked… */
  record Handled(long pull, Set<Fate> what, String note, List<Finding> findings) {}

  private static Handled handled(
      PrSnapshot pr, Set<Fate> what, Fate fate, String note, List<Finding> seen) {
    what.add(fate);
    return new Handled(pr.number(), what, note, seen);
  }

  private Handled handle(PrSnapshot pr, PrAction action) {
    Set<Fate> what = EnumSet.noneOf(Fate.class);
    if (action instanceof Leave leave)
      return handled(pr, what, Fate.UNTOUCHED, leave.why(), List.of());
    if (input.dryRun())
      return handled(pr, what, Fate.UNTOUCHED, "dry run: would " + action, List.of());
    Reason repairFor = action instanceof Repair r ? r.reason() : null;
    if (action instanceof Land) {
      LandResult result = land(pr);
      if (result.rebased()) what.add(Fate.REBASED);
      AfterLanding next = BrokenPrPolicy.afterLanding(result.status(), result.message(), false);
      if (next instanceof Settled done)
        return handled(pr, what, done.fate(), done.note(), List.of());
      repairFor = ((Repair) next).reason();
    }
    String pane = idlePanes.poll();
    if (pane == null) {
      // Nothing is wrong that a pane would not fix: this must not hold back new work.
      return handled(pr, what, Fate.WAITING, "waiting for a free pane to repair it", List.of());
    }
    RepairResult repair;
    try {
      repair = repair(pr, repairFor, pane);
    } catch (ChildWorkflowFailure e) {
      // A repair that failed (not cancelled) leaves the PR broken; its runtime error is filed.
      if (CancellationScope.current().isCancelRequested()) throw e;
      idlePanes.add(pane);
      Finding runtime = Findings.runtime(e, Workflow.getInfo().getWorkflowId());
      return handled(
          pr,
          what,
          Fate.BROKEN,
          "repair failed: " + Failures.describe(e),
          runtime == null ? List.of() : List.of(runtime));
    }
    idlePanes.add(pane);
    List<Finding> seen = repair.findings() == null ? List.of() : repair.findings();
    if (repair.outcome() == PrRepair.Outcome.PARKED)
      return handled(pr, what, Fate.PARKED, repair.reason(), seen);
    if (repair.outcome() == PrRepair.Outcome.GONE)
      return handled(pr, what, Fate.UNTOUCHED, repair.reason(), seen);
    what.add(Fate.REPAIRED);
    LandResult after = land(pr);
    Settled done = (Settled) BrokenPrPolicy.afterLanding(after.status(), after.message(), true);
    return handled(pr, what, done.fate(), done.note(), seen);
  }

  private RepairResult repair(PrSnapshot pr, Reason reason, String pane) {
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(PrRepair.workflowId(pr.number()))
            .setStaticSummary("repair PR #" + pr.number() + " (" + reason + ") on " + pane);
    TimmyAttributes.job(options, input.settings(), input.cycle(), pr.number(), pane);
    PrRepair child = Workflow.newChildWorkflowStub(PrRepair.class, options.build());
    return child.repair(
        new RepairInput(
            input.cycle(),
            pr.number(),
            pr.title(),
            pr.headBranch(),
            reason,
            Hosts.paneOf(pane),
            input.settings(),
            Hosts.hostOf(pane)));
  }

  private LandResult land(PrSnapshot pr) {
    landed.remove(pr.number());
    if (!LandingRequester.landThroughQueue(
        input.settings(), pr.number(), "", pr.title(), "", () -> landed.containsKey(pr.number()))) {
      return new LandResult(
          pr.number(),
          LandStatus.CI_TIMEOUT,
          pr.headSha(),
          "",
          false,
          "merge queue did not answer",
          null);
    }
    return landed.get(pr.number());
  }

  private FixReport report(List<Handled> handled, String note) {
    List<Long> rebased = pulls(handled, Fate.REBASED);
    List<Long> repaired = pulls(handled, Fate.REPAIRED);
    List<Long> merged = pulls(handled, Fate.MERGED);
    List<Long> parked = pulls(handled, Fate.PARKED);
    List<Long> broken = pulls(handled, Fate.BROKEN);
    List<Long> waiting = pulls(handled, Fate.WAITING);
    List<Long> untouched = new ArrayList<>(pulls(handled, Fate.UNTOUCHED));
    untouched.addAll(waiting);
    String summary =
        note != null
            ? note
            : String.format(
                "%d open PRs: %d rebased, %d repaired, %d merged, %d parked, %d still broken%s",
                handled.size(),
                rebased.size(),
                repaired.size(),
                merged.size(),
                parked.size(),
                broken.size(),
                waiting.isEmpty() ? "" : ", " + waiting + " waiting for a free pane");
    List<Finding> findings = new ArrayList<>();
    for (Handled h : handled) findings.addAll(h.findings());
    return new FixReport(
        rebased, repaired, merged, parked, broken, untouched, summary, Findings.unique(findings));
  }

  private static List<Long> pulls(List<Handled> handled, Fate what) {
    return handled.stream().filter(h -> h.what().contains(what)).map(Handled::pull).toList();
  }
}
