package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import dev.timmyloop.workflows.issue.JobEndListener;
import dev.timmyloop.workflows.phases.AwaitLandings.AwaitInput;
import dev.timmyloop.workflows.phases.AwaitLandings.LandingsReport;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Phase 5 on its own: it hears job ends as signals (the cycle forwards them), sent before its wait
 * began or during it, and the budget ends the wait for a job that never ends. Test server time.
 */
@Timeout(60)
class AwaitLandingsImplTest {
  static final long BUDGET = 1800;
  static final String ID = "timmy-cycle-4/phase-5-await-landings";

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WorkflowImplementationOptions.newBuilder()
                  .setFailWorkflowExceptionTypes(Throwable.class)
                  .build(),
              AwaitLandingsImpl.class)
          .build();

  private TestWorkflowEnvironment testEnv;
  private WorkflowClient client;
  private Worker worker;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
  }

  private WorkflowStub phase5() {
    return WorkflowStub.fromTyped(
        client.newWorkflowStub(
            AwaitLandings.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(worker.getTaskQueue())
                .build()));
  }

  /** The budget's timer fired: the wait ran out instead of ending with the jobs. */
  private boolean budgetRanOut() {
    return client.fetchHistory(ID).getEvents().stream()
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED);
  }

  private static AwaitInput input(boolean landAll, long... issues) {
    return input(landAll, false, issues);
  }

  private static AwaitInput input(boolean landAll, boolean issuesWait, long... issues) {
    List<Assignment> jobs =
        java.util.Arrays.stream(issues)
            .mapToObj(n -> new Assignment("Kimi:0." + n, n, "issue " + n, "timmy-issue-" + n))
            .toList();
    return new AwaitInput(4, jobs, landAll, BUDGET, issuesWait);
  }

  private static IssueJobResult end(long issue, Outcome outcome, List<Finding> findings) {
    return new IssueJobResult(
        issue,
        "Kimi:0." + issue,
        outcome,
        100 + issue,
        "sha",
        1,
        outcome == Outcome.LANDED ? "" : "no luck",
        30,
        "claude",
        "COMPLETED",
        20,
        findings);
  }

  @Test
  void anEndHeardBeforeTheWaitIsEnoughForTheFirstOf() {
    WorkflowStub stub = phase5();
    stub.signalWithStart(
        JobEndListener.JOB_ENDED_SIGNAL,
        new Object[] {end(2, Outcome.LANDED, List.of())},
        new Object[] {input(false, 1, 2)});
    LandingsReport r = stub.getResult(LandingsReport.class);

    assertEquals(List.of(2L), r.landed(), r.toString());
    assertEquals(List.of(1L), r.pending());
    assertEquals("1 landed, 0 failed, 1 pending", r.summary());
    assertFalse(budgetRanOut(), "no wait for the budget");
  }

  @Test
  void endsDuringTheWaitAreHeardUntilEveryJobEnded() {
    WorkflowStub stub = phase5();
    stub.start(input(true, 1, 2));
    testEnv.sleep(Duration.ofMinutes(5));
    List<Finding> many =
        IntStream.range(0, 12).mapToObj(i -> new Finding("bug", "t" + i, "b", "sig-" + i)).toList();
    stub.signal(JobEndListener.JOB_ENDED_SIGNAL, end(1, Outcome.GAVE_UP, many));
    // A second end of a job, and the end of a job not dispatched here, change nothing.
    stub.signal(JobEndListener.JOB_ENDED_SIGNAL, end(1, Outcome.LANDED, List.of()));
    stub.signal(JobEndListener.JOB_ENDED_SIGNAL, end(9, Outcome.LANDED, List.of()));
    testEnv.sleep(Duration.ofMinutes(5));
    stub.signal(JobEndListener.JOB_ENDED_SIGNAL, end(2, Outcome.MERGED_ELSEWHERE, List.of()));
    LandingsReport r = stub.getResult(LandingsReport.class);

    assertEquals(List.of(2L), r.landed(), r.toString());
    assertEquals(List.of(1L), r.failed());
    assertEquals(List.of(), r.pending());
    JobEnd gaveUp = r.jobs().get(0);
    assertEquals("GAVE_UP: no luck", gaveUp.reason());
    assertEquals("claude", gaveUp.agent());
    assertEquals(10, r.findings().size(), "at most 10 findings per job");
    assertFalse(budgetRanOut(), "the last end, not the budget, ended the wait");
  }

  @Test
  void withIssuesWaitingAFreedPaneEndsTheWaitAndItsJobStaysPending() {
    WorkflowStub stub = phase5();
    stub.start(input(false, true, 1, 2));
    testEnv.sleep(Duration.ofMinutes(1));
    stub.signal(JobEndListener.PANE_FREED_SIGNAL, 2L);
    LandingsReport r = stub.getResult(LandingsReport.class);

    assertEquals(List.of(1L, 2L), r.pending(), r.toString());
    assertEquals("0 landed, 0 failed, 2 pending", r.summary());
    assertFalse(budgetRanOut(), "the freed pane, not the budget, ended the wait");
  }

  @Test
  void withIssuesWaitingAnAdoptedJobsFreedPaneEndsTheWaitToo() {
    WorkflowStub stub = phase5();
    stub.start(input(false, true, 1, 2));
    testEnv.sleep(Duration.ofMinutes(1));
    // An earlier cycle's job this cycle adopted (it tells this cycle now).
    stub.signal(JobEndListener.PANE_FREED_SIGNAL, 9L);
    LandingsReport r = stub.getResult(LandingsReport.class);

    assertEquals(List.of(1L, 2L), r.pending(), r.toString());
    assertFalse(budgetRanOut(), "the freed pane, not the budget, ended the wait");
  }

  @Test
  void enoughIsOneEndOrWithIssuesWaitingOneFreedPaneAndEveryEndWithLandAll() {
    List<Long> jobs = List.of(1L, 2L);
    Set<Long> none = Set.of();
    // ended, freed, landAll, issuesWait → enough
    assertFalse(AwaitLandingsImpl.enough(jobs, none, none, false, true));
    assertTrue(AwaitLandingsImpl.enough(jobs, Set.of(1L), none, false, false));
    assertFalse(AwaitLandingsImpl.enough(jobs, none, Set.of(1L), false, false), "no issue waits");
    assertTrue(AwaitLandingsImpl.enough(jobs, none, Set.of(1L), false, true));
    assertTrue(AwaitLandingsImpl.enough(jobs, none, Set.of(9L), false, true), "adopted");
    assertFalse(AwaitLandingsImpl.enough(jobs, none, Set.of(9L), false, false), "none waits");
    assertFalse(AwaitLandingsImpl.enough(jobs, Set.of(1L), Set.of(2L), true, true), "landAll");
    assertTrue(AwaitLandingsImpl.enough(jobs, Set.of(1L, 2L), none, true, false));
  }

  @Test
  void theBudgetEndsTheWaitForAJobThatNeverEnds() {
    WorkflowStub stub = phase5();
    stub.start(input(true, 1, 2));
    testEnv.sleep(Duration.ofMinutes(1));
    stub.signal(JobEndListener.JOB_ENDED_SIGNAL, end(1, Outcome.LANDED, List.of()));
    LandingsReport r = stub.getResult(LandingsReport.class);

    assertEquals(List.of(1L), r.landed(), r.toString());
    assertEquals(List.of(2L), r.pending());
    assertEquals("pending", r.jobs().get(1).outcome());
    assertTrue(budgetRanOut(), "the budget ended the wait");
  }

  @Test
  void aDryRunDispatchedNothingToWaitFor() {
    WorkflowStub stub = phase5();
    stub.start(
        new AwaitInput(
            4,
            List.of(new Assignment("Kimi:0.0", 1, "issue 1", "(dry run)")),
            true,
            BUDGET,
            false));
    LandingsReport r = stub.getResult(LandingsReport.class);
    assertEquals("no jobs to wait for", r.summary());
    assertEquals(List.of(), r.pending());
  }
}
