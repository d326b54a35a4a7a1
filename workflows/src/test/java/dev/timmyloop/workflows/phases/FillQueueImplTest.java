package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.agent.AgentActivities.AnalysisRequest;
import dev.timmyloop.activities.agent.AgentActivities.AnalysisResult;
import dev.timmyloop.activities.agent.AgentActivities.Proposal;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.workflows.phases.FillQueue.FillInput;
import dev.timmyloop.workflows.phases.FillQueue.FillReport;
import dev.timmyloop.workflows.phases.PhaseFakes.Analyst;
import dev.timmyloop.workflows.phases.PhaseFakes.Forge;
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

/**
 * Phase 3: only when unclaimed issues are fewer than idle panes, and within the cap, it files
 * {@code [loop-generated] [kind]} issues from the agent's analysis, new titles only (findings are
 * filed by the cycle).
 */
@Timeout(60)
class FillQueueImplTest {
  static final String MAIN_REPORT =
      "\nLatest test results of main (this cycle's phase 2): all tests pass.\n";
  static final List<String> OPEN =
      List.of("Add login", "[loop-generated] [bug] Crash on empty input");

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(FillQueueImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private final Forge forge = new Forge();
  private final Analyst analyst = new Analyst();

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
  }

  private FillReport fill(boolean dryRun, int unclaimed, int idle) {
    worker.registerActivitiesImplementations(forge, analyst);
    testEnv.start();
    return client
        .newWorkflowStub(
            FillQueue.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("timmy-cycle-4/phase-3-fill-queue")
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .fill(new FillInput(4, dryRun, PhaseFakes.settings(), unclaimed, idle, OPEN, MAIN_REPORT));
  }

  private static Proposal proposal(String kind, String title) {
    return new Proposal(kind, title, "why " + title);
  }

  private void proposals(Proposal... p) {
    analyst.answer = new AnalysisResult(List.of(p), List.of(), "/log", List.of());
  }

  @Test
  void aQueueWithAnIssueForEveryIdlePaneGetsNothingAndNoAnalysis() {
    FillReport r = fill(false, 3, 3);

    assertEquals("queue is full enough (3 unclaimed, 3 idle panes)", r.summary());
    assertEquals(List.of(), analyst.asked);
    assertEquals(List.of(), forge.created);
  }

  @Test
  void theAnalysisProposalsAreFiledNewTitlesOnlyAndWithinTheCap() {
    proposals(
        proposal("feature", "add login"), // an open issue's title
        proposal("bug", "crash on EMPTY input!"), // an open loop issue's, tags and case aside
        proposal("nonsense", "Make it pop"),
        proposal("feature", "Add calc.power"),
        proposal("refactor", "Split app.py"),
        proposal("feature", "add calc power"), // the same as a proposal before it
        proposal("bug", "Divide by zero"),
        proposal("optimization", "Cache the parser"));

    FillReport r = fill(false, 0, 3);

    assertEquals(
        List.of(
            new AnalysisRequest(
                "analysis-4",
                AnalysisPrompt.text("owner/repo", 3, OPEN) + MAIN_REPORT,
                1800,
                "main")),
        analyst.asked,
        "one analysis of a fresh main, told how many and what is open");
    assertEquals(
        List.of(
            new NewIssue(
                "[loop-generated] [feature] Add calc.power",
                "why Add calc.power",
                List.of("loop-generated", "feature")),
            new NewIssue(
                "[loop-generated] [refactor] Split app.py",
                "why Split app.py",
                List.of("loop-generated", "refactor")),
            new NewIssue(
                "[loop-generated] [bug] Divide by zero",
                "why Divide by zero",
                List.of("loop-generated", "bug"))),
        forge.created,
        "three: the cap of three and three idle panes");
    assertEquals(List.of(500L, 501L, 502L), r.filed());
    assertEquals(forge.created.stream().map(NewIssue::title).toList(), r.filedTitles());
    assertEquals(
        List.of(
            "duplicate: add login",
            "duplicate: crash on EMPTY input!",
            "unknown kind 'nonsense': Make it pop",
            "duplicate: add calc power",
            "over the cap: Cache the parser"),
        r.skipped());
    assertEquals("wanted 3, filed 3 [#500, #501, #502]", r.summary());
    assertEquals(List.of(), r.findings());
  }

  @Test
  void anAnalysisThatChangedFilesFilesNothingAndBecomesAFinding() {
    analyst.answer = new AnalysisResult(List.of(), List.of(), "/log", List.of("SOUL.md"));

    FillReport r = fill(false, 0, 2);

    assertEquals(List.of(), forge.created);
    assertEquals(List.of("analysis changed files, proposals dropped: [SOUL.md]"), r.skipped());
    assertEquals(
        List.of(AnalysisPrompt.changedFinding(List.of("SOUL.md"))),
        r.findings(),
        "for the cycle to file");
  }

  @Test
  void aFailedAnalysisFilesNothingAndIsReportedAsARuntimeError() {
    analyst.failure =
        ApplicationFailure.newNonRetryableFailure("the agent crashed", "AgentCrashed");

    FillReport r = fill(false, 0, 2);

    assertEquals(1, analyst.asked.size(), "not retried: non-retryable");
    assertEquals(List.of(), forge.created);
    assertEquals("wanted 2, filed 0", r.summary());
    assertTrue(
        r.skipped().get(0).startsWith("analysis run failed: ")
            && r.skipped().get(0).contains("the agent crashed"),
        r.skipped().toString());
    assertEquals(1, r.findings().size(), r.findings().toString());
    assertEquals("runtime error in Agent.Analyze: AgentCrashed", r.findings().get(0).title());
    assertTrue(
        r.findings().get(0).body().contains("timmy-cycle-4/phase-3-fill-queue"),
        r.findings().get(0).body());
  }

  @Test
  void aDryRunAsksTheAgentButFilesNothing() {
    proposals(proposal("feature", "Add calc.power"));

    FillReport r = fill(true, 0, 1);

    assertEquals(1, analyst.asked.size());
    assertEquals(List.of(), forge.created);
    assertEquals(
        List.of("dry run: would file [loop-generated] [feature] Add calc.power"), r.skipped());
    assertEquals("wanted 1, filed 0", r.summary());
  }

  @Test
  void anIssueTheForgeRefusesFailsThePhase() {
    proposals(proposal("feature", "Add calc.power"));
    forge.createFailure =
        ApplicationFailure.newNonRetryableFailure("422 label missing", "GiteaRejected");

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> fill(false, 0, 1));

    assertEquals(
        "Gitea.CreateIssue",
        assertInstanceOf(ActivityFailure.class, e.getCause()).getActivityType());
  }
}
