package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.git.GitActivities.AddWorktree;
import dev.timmyloop.activities.git.GitActivities.RefQuery;
import dev.timmyloop.activities.git.GitActivities.RemoveWorktree;
import dev.timmyloop.activities.git.GitActivities.Worktree;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.activities.state.StateFileActivities.Claim;
import dev.timmyloop.activities.state.StateFileActivities.LoopState;
import dev.timmyloop.activities.state.StateFileActivities.ReportedFailure;
import dev.timmyloop.activities.tests.TestActivities;
import dev.timmyloop.activities.tests.TestActivities.TestRequest;
import dev.timmyloop.activities.tests.TestActivities.TestRun;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.phases.Assess.MainCheckedBy;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.PaneScan;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Phase 2: assess — state and claims, open issues, panes, and main's CI or its tests. */
public class AssessImpl implements Assess {
  private final GiteaActivities gitea =
      Stubs.shared().stub(GiteaActivities.class, ActivityProfiles.GITEA, "list open issues");

  @Override
  public Assessment assess(AssessInput input) {
    return TimmyAttributes.failedPhase(() -> assessBody(input));
  }

  private Assessment assessBody(AssessInput input) {
    Stubs home = Stubs.home(input.settings());
    LoopState loop = home.state("read state and claims").readState();
    List<Issue> open = gitea.openIssues();
    Set<String> heldPanes =
        loop.liveClaims().stream().map(c -> c.holder().paneLabel()).collect(Collectors.toSet());
    PaneScan.Result panes = PaneScan.scan(input.settings(), heldPanes);
    List<String> idle = panes.idle();
    List<String> busy = panes.busy();

    MainCheck main = checkMain(input, home);
    List<Finding> findings = new ArrayList<>();
    long filedBug = 0;
    List<String> warnings = new ArrayList<>(loop.warnings());
    warnings.addAll(panes.warnings());
    if (main.flaky() != null) findings.add(main.flaky());
    if (!main.run().passed()) {
      Finding bug = MainFailure.finding(main.run());
      boolean known =
          loop.reportedFailures().containsKey(bug.signature())
              || open.stream()
                  .anyMatch(
                      i ->
                          Phases.normalizeTitle(i.title())
                              .equals(Phases.normalizeTitle(bug.title())));
      if (!known && !input.dryRun()) {
        Issue filed =
            Stubs.shared()
                .gitea("file a bug for main")
                .createIssue(
                    new NewIssue(
                        Phases.loopTitle("bug", bug.title()),
                        bug.body(),
                        List.of("loop-generated", "bug")));
        home.state("remember #" + filed.number() + " filed")
            .rememberReportedFailure(new ReportedFailure(bug.signature(), filed.number()));
        filedBug = filed.number();
        LoopMetrics.count(LoopMetrics.ISSUES_FILED, "kind", "bug");
        open = new ArrayList<>(open);
        open.add(filed);
      }
    }

    Set<Long> claimed =
        loop.liveClaims().stream().map(Claim::issue).collect(Collectors.toCollection(TreeSet::new));
    Set<Long> inFlight = inFlight(input);
    claimed.addAll(inFlight);
    List<IssueRef> ranked = IssueRanking.rank(open, claimed);
    List<String> titles = open.stream().map(Issue::title).toList();
    String summary =
        String.format(
            "%d open issues, %d unclaimed%s; panes %d idle, %d busy; main %s%s%s",
            open.size(),
            ranked.size(),
            inFlight.isEmpty() ? "" : ", in flight (open PRs) " + inFlight,
            idle.size(),
            busy.size(),
            mainSummary(main),
            filedBug > 0 ? "; filed #" + filedBug : "",
            // Every warning reaches the cycle table: a state file moved aside, a host with no
            // worker.
            warnings.isEmpty() ? "" : "; " + String.join("; ", warnings));
    return new Assessment(
        ranked,
        titles,
        idle,
        busy,
        main.run().passed(),
        main.run().failingTests(),
        filedBug,
        findings,
        warnings,
        summary,
        SlowTests.parse(main.run().outputTail()),
        main.by(),
        loop.liveClaims().stream()
            .filter(c -> c.holder().pane() != null && !c.holder().pane().isEmpty())
            .map(Claim::issue)
            .toList());
  }

  private static String mainSummary(MainCheck main) {
    if (!main.run().passed()) return "RED (" + main.run().failingTests().size() + " failing)";
    return switch (main.by()) {
      case CI -> "green (CI)";
      case CI_PENDING -> "CI pending (tests not run)";
      case TESTS -> "green";
    };
  }

  /** Issues an open PR already works on: never dispatched again. */
  private Set<Long> inFlight(AssessInput input) {
    return new TreeSet<>(InFlight.issues(gitea.openPulls(), input.settings().repository()));
  }

  /**
   * Main's check: its CI verdict when CI has one, else the tests run here; {@code by} says which. A
   * flaky finding when a failure passes on a rerun (a flaky test, not a red main).
   */
  record MainCheck(TestRun run, Finding flaky, MainCheckedBy by) {
    /**
     * Green or still running on CI: no need to run the tests here. Red CI still runs them here, to
     * name the failing tests and tell a flaky test from a red main; no status at all runs them too.
     */
    static MainCheckedBy byCi(CombinedStatus ci) {
      if (ci.statuses() == null || ci.statuses().isEmpty()) return MainCheckedBy.TESTS;
      if (ci.green()) return MainCheckedBy.CI;
      return ci.waiting() ? MainCheckedBy.CI_PENDING : MainCheckedBy.TESTS;
    }

    /** A passing run that stands for CI's verdict: nothing ran here. */
    static MainCheck ofCi(MainCheckedBy by) {
      return new MainCheck(new TestRun(true, false, 0, 0, 0, 0, 0, List.of(), "", "", 0), null, by);
    }
  }

  private MainCheck checkMain(AssessInput input, Stubs home) {
    home.git("fetch").fetch();
    String base = input.settings().baseBranch();
    String head =
        home.git("head of " + base)
            .refState(new RefQuery("origin/" + base, "origin/" + base))
            .sha();
    MainCheckedBy by = MainCheck.byCi(Stubs.shared().gitea("CI on " + base).combinedStatus(head));
    if (by != MainCheckedBy.TESTS) return MainCheck.ofCi(by);
    String branch = "loop/main-check-" + input.cycle();
    Worktree wt =
        home.git("worktree add " + branch).addWorktree(new AddWorktree(branch, "origin/" + base));
    String tests = input.settings().testCommand() + " on " + base;
    try {
      TestRun first =
          home.stub(TestActivities.class, ActivityProfiles.TESTS, tests)
              .runTests(new TestRequest(wt.path(), "main"));
      if (first.passed() || first.timedOut())
        return new MainCheck(first, null, MainCheckedBy.TESTS);
      TestRun again =
          home.stub(TestActivities.class, ActivityProfiles.TESTS, tests + " (rerun)")
              .runTests(new TestRequest(wt.path(), "main-rerun"));
      if (!again.passed()) return new MainCheck(again, null, MainCheckedBy.TESTS);
      String id = first.failingTests().isEmpty() ? "unknown test" : first.failingTests().get(0);
      return new MainCheck(
          again,
          Findings.flakyTest(id, "main's check in cycle " + input.cycle(), first.outputTail()),
          MainCheckedBy.TESTS);
    } finally {
      home.git("worktree remove " + branch).removeWorktree(new RemoveWorktree(wt.path(), true));
    }
  }
}
