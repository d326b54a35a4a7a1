package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.Status;
import dev.timmyloop.activities.state.StateFileActivities.Claim;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.LoopState;
import dev.timmyloop.activities.state.StateFileActivities.ReportedFailure;
import dev.timmyloop.activities.tests.TestActivities.TestRequest;
import dev.timmyloop.activities.tests.TestActivities.TestRun;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.issue.RecordingActivities.RecordingGit;
import dev.timmyloop.workflows.phases.Assess.AssessInput;
import dev.timmyloop.workflows.phases.Assess.Assessment;
import dev.timmyloop.workflows.phases.PhaseFakes.Forge;
import dev.timmyloop.workflows.phases.PhaseFakes.Panes;
import dev.timmyloop.workflows.phases.PhaseFakes.State;
import dev.timmyloop.workflows.phases.PhaseFakes.Tests;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 2: claims, open issues, open PRs and panes decide what is free; the tests run on a fresh
 * worktree of main, and a red main is filed once as {@code [loop-generated] [bug]}.
 */
@Timeout(60)
class AssessImplTest {
  static final String FAILING = "tests/test_app.py::test_empty";
  static final String WORKTREE = "/wt/loop/main-check-4";

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(AssessImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private final State state = new State();
  private final Forge forge = new Forge();
  private final Panes panes = new Panes();
  private final Tests tests = new Tests();
  private final RecordingGit git = new RecordingGit();

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
  }

  private Assessment assess(boolean dryRun) {
    worker.registerActivitiesImplementations(state, forge, panes, tests, git);
    testEnv.start();
    return client
        .newWorkflowStub(
            Assess.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("timmy-cycle-4/phase-2-assess")
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .assess(new AssessInput(4, dryRun, PhaseFakes.settings()));
  }

  private static PullRequest pull(long n, String branch, String body) {
    return new PullRequest(
        n,
        "a PR",
        "open",
        branch,
        "sha-" + n,
        "main",
        true,
        false,
        "",
        List.of(),
        "http://g/pulls/" + n,
        body);
  }

  private void redMain() {
    tests.results.add(Tests.red(FAILING));
    tests.results.add(Tests.red(FAILING));
  }

  @Test
  void onlyUnclaimedIssuesWithoutAPrAreRankedAndOnlyFreePanesAreIdle() {
    forge.open.add(PhaseFakes.issue(1, "Add login"));
    forge.open.add(PhaseFakes.issue(2, "[bug] Crash on empty input"));
    forge.open.add(PhaseFakes.issue(3, "Speed up", "p1"));
    forge.open.add(PhaseFakes.issue(4, "Claimed by a job"));
    forge.open.add(PhaseFakes.issue(5, "Closed by a person's PR"));
    forge.open.add(PhaseFakes.issue(6, "On hold", "wip"));
    forge.open.add(PhaseFakes.issue(7, "The loop's PR works on it"));
    forge.pulls.add(pull(40, "someone/fix", "This closes #5."));
    forge.pulls.add(pull(41, "feat/7-the-loops-pr", ""));
    state.state =
        new LoopState(
            3,
            List.of(new Claim(4, new Holder("timmy-cycle-3", "", "Kimi:0.1"), "t0", "t1")),
            List.of(),
            Map.of(),
            List.of("claims.json moved aside"));
    panes.panes =
        List.of(
            Panes.idle("Kimi:0.0"),
            Panes.idle("Kimi:0.1"),
            Panes.running("Kimi:0.2", "issue-9-3-a1"));

    Assessment a = assess(false);

    assertEquals(
        List.of(3L, 2L, 1L),
        a.ranked().stream().map(IssueRef::number).toList(),
        "p1, then [bug], then oldest");
    assertEquals(List.of("Kimi:0.0"), a.idlePanes());
    assertEquals(List.of("Kimi:0.1", "Kimi:0.2"), a.busyPanes(), "held by a claim, running a job");
    assertEquals(7, a.openTitles().size());
    assertTrue(a.mainGreen());
    assertEquals(0, a.filedBug());
    assertEquals(List.of(), a.findings());
    assertEquals(List.of("claims.json moved aside"), a.warnings());
    assertEquals(
        "7 open issues, 3 unclaimed, in flight (open PRs) [5, 7]; panes 1 idle, 2 busy; main green; claims.json moved aside",
        a.summary());
    assertEquals(
        List.of(
            "fetch",
            "refState origin/main origin/main",
            "addWorktree loop/main-check-4 origin/main",
            "removeWorktree " + WORKTREE),
        git.calls,
        "no CI status on main's head: the tests run here");
    assertEquals(List.of(new TestRequest(WORKTREE, "main")), tests.runs, "one run when green");
    assertEquals(Assess.MainCheckedBy.TESTS, a.mainCheckedBy());
    assertEquals(List.of(), forge.created);
  }

  @Test
  void aRedMainIsFiledOnceAsABugAndJoinsTheRanking() {
    redMain();

    Assessment a = assess(false);

    TestRun red = Tests.red(FAILING);
    assertEquals(
        List.of(new TestRequest(WORKTREE, "main"), new TestRequest(WORKTREE, "main-rerun")),
        tests.runs);
    assertEquals(
        List.of(
            new NewIssue(
                "[loop-generated] [bug] test fails on main: " + FAILING,
                MainFailure.finding(red).body(),
                List.of("loop-generated", "bug"))),
        forge.created);
    assertEquals(
        List.of(new ReportedFailure("main:" + FAILING, 500)),
        state.remembered,
        "so no cycle files it again");
    assertEquals(500, a.filedBug());
    assertEquals(List.of(500L), a.ranked().stream().map(IssueRef::number).toList());
    assertEquals(false, a.mainGreen());
    assertEquals(List.of(FAILING), a.mainFailingTests());
    assertTrue(a.summary().endsWith("main RED (1 failing); filed #500"), a.summary());
    assertEquals("removeWorktree " + WORKTREE, git.calls.get(git.calls.size() - 1));
  }

  @Test
  void aFailureOnMainAlreadyFiledIsNotFiledAgain() {
    redMain();
    state.state = new LoopState(3, List.of(), List.of(), Map.of("main:" + FAILING, 77L), List.of());

    Assessment a = assess(false);

    assertEquals(List.of(), forge.created);
    assertEquals(0, a.filedBug());
    assertEquals(false, a.mainGreen());
  }

  @Test
  void aFailureOnMainWithAnOpenIssueOfItsTitleIsNotFiledAgain() {
    redMain();
    forge.open.add(PhaseFakes.issue(12, "[loop-generated] [bug] Test fails on main: " + FAILING));

    Assessment a = assess(false);

    assertEquals(List.of(), forge.created);
    assertEquals(List.of(12L), a.ranked().stream().map(IssueRef::number).toList());
  }

  @Test
  void aDryRunFilesNothing() {
    redMain();

    Assessment a = assess(true);

    assertEquals(List.of(), forge.created);
    assertEquals(List.of(), state.remembered);
    assertEquals(0, a.filedBug());
    assertEquals(false, a.mainGreen());
  }

  @Test
  void aTestThatPassesOnTheRerunIsAFlakyFindingNotARedMain() {
    tests.results.add(Tests.red(FAILING));

    Assessment a = assess(false);

    assertTrue(a.mainGreen());
    assertEquals(List.of(), forge.created);
    assertEquals(
        List.of(Findings.flakyTest(FAILING, "main's check in cycle 4", "FAILED " + FAILING)),
        a.findings(),
        "for the cycle to file");
  }

  @Test
  void aGreenOrRunningCiOnMainsHeadStandsForTheTestsWhichDoNotRunHere() {
    tests.failure = ApplicationFailure.newNonRetryableFailure("must not run", "Unexpected");
    forge.combined.put("head", ci("success"));

    Assessment a = assess(false);

    assertTrue(a.mainGreen());
    assertEquals(Assess.MainCheckedBy.CI, a.mainCheckedBy());
    assertTrue(a.summary().contains("main green (CI)"), a.summary());
    assertEquals(List.of("fetch", "refState origin/main origin/main"), git.calls, "no worktree");
    assertEquals(List.of(), tests.runs);
  }

  @Test
  void aPendingCiOnMainIsNoVerdictAndRunsNothingHere() {
    tests.failure = ApplicationFailure.newNonRetryableFailure("must not run", "Unexpected");
    forge.combined.put("head", ci("pending"));

    Assessment a = assess(false);

    assertTrue(a.mainGreen(), "not known red: dispatch goes on");
    assertEquals(Assess.MainCheckedBy.CI_PENDING, a.mainCheckedBy());
    assertTrue(a.summary().contains("main CI pending (tests not run)"), a.summary());
    assertTrue(AnalysisPrompt.mainReport(a).contains("no verdict yet"));
    assertEquals(List.of(), tests.runs);
    assertEquals(List.of(), forge.created);
  }

  @Test
  void aRedCiOnMainRunsTheTestsHereToNameWhatFailsAndFilesIt() {
    forge.combined.put("head", ci("failure"));
    redMain();

    Assessment a = assess(false);

    assertEquals(2, tests.runs.size(), "the run and its rerun");
    assertEquals(Assess.MainCheckedBy.TESTS, a.mainCheckedBy());
    assertEquals(500, a.filedBug());
    assertEquals(
        "[loop-generated] [bug] test fails on main: " + FAILING, forge.created.get(0).title());
  }

  private static CombinedStatus ci(String state) {
    return new CombinedStatus(
        "head", state, List.of(new Status("ci/test", state, "", "http://g/runs/1")));
  }

  @Test
  void testsThatCannotRunFailThePhaseAndTheWorktreeIsStillRemoved() {
    tests.failure = ApplicationFailure.newNonRetryableFailure("no tox.ini", "ConfigInvalid");

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> assess(false));

    assertEquals(
        "Test.RunTests", assertInstanceOf(ActivityFailure.class, e.getCause()).getActivityType());
    assertEquals("removeWorktree " + WORKTREE, git.calls.get(git.calls.size() - 1));
  }
}
