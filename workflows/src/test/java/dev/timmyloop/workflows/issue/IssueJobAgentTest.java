package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.LabelChange;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.JobRecord;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the issue job treats what the agent profiles report: later, unusable, the chosen profile. */
@Timeout(120)
class IssueJobAgentTest {
  static final Holder OWNER = new Holder("timmy-cycle-3", "", "Kimi:0.0");

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WorkflowImplementationOptions.newBuilder()
                  .setFailWorkflowExceptionTypes(Throwable.class)
                  .build(),
              IssueJobImpl.class)
          .setDoNotStart(true)
          .build();

  private TestWorkflowEnvironment testEnv;
  private Worker worker;
  private WorkflowClient client;
  private RecordingActivities fakes;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    this.testEnv = testEnv;
    this.worker = worker;
    this.client = client;
    this.fakes = new RecordingActivities(client);
  }

  private IssueJobResult run() {
    worker.registerActivitiesImplementations(fakes.all());
    testEnv.start();
    IssueJob job =
        client.newWorkflowStub(
            IssueJob.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IssueJob.workflowId(7))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return job.run(
        new IssueJobInput(
            3, 7, "Crash on empty input", OWNER, RecordingActivities.settings(), "kimi-cli"));
  }

  private void outcomes(JobOutcome... outcomes) {
    fakes.kimi.outcomes.addAll(List.of(outcomes));
  }

  private List<String> jobIds() {
    return fakes.kimi.dispatched.stream().map(JobRequest::jobId).toList();
  }

  /** The timers the job started, in seconds, from its history. */
  private List<Long> timerSeconds() {
    return client.fetchHistory(IssueJob.workflowId(7)).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
        .map(e -> e.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds())
        .toList();
  }

  @Test
  void retryLaterTwiceThenCompletedLandsAfterWaitingOneAndTwoMinutes() {
    outcomes(JobOutcome.RETRY_LATER, JobOutcome.RETRY_LATER, JobOutcome.COMPLETED);

    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals(List.of("issue-7-3-a1", "issue-7-3-a1-later1", "issue-7-3-a1-later2"), jobIds());
    // Then the merge queue's patience (CI timeout + grace).
    assertEquals(List.of(60L, 120L, 1500L), timerSeconds());
    assertEquals(1, r.agentRuns(), "a re-dispatch is part of its attempt");
    assertEquals("RETRY_LATER RETRY_LATER COMPLETED", r.agentOutcomes());
    assertEquals("kimi-cli", r.agent());
    assertEquals(30, r.agentSeconds());
    // The same prompt each time: nothing was rejected.
    assertEquals(1, fakes.kimi.dispatched.stream().map(JobRequest::prompt).distinct().count());
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(IssueJob.workflowId(7)), IssueJobImpl.class));
  }

  @Test
  void retryLaterFourTimesIsOneRejection() {
    outcomes(Collections.nCopies(4, JobOutcome.RETRY_LATER).toArray(JobOutcome[]::new));

    IssueJobResult r = run();

    // Counted once, the second attempt runs (with the first's reason) and lands.
    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals(2, r.agentRuns());
    assertEquals(
        List.of(
            "issue-7-3-a1",
            "issue-7-3-a1-later1",
            "issue-7-3-a1-later2",
            "issue-7-3-a1-later3",
            "issue-7-3-a2"),
        jobIds());
    assertEquals(List.of(60L, 120L, 180L, 1500L), timerSeconds());
    assertTrue(
        fakes.kimi.dispatched.get(4).prompt().contains("could not reach its model endpoint"));
    assertTrue(fakes.gitea.labelled.isEmpty());
  }

  @Test
  void unusableAgentFailsTheJobWithoutParkingTheIssue() {
    outcomes(JobOutcome.UNUSABLE);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::run);

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FailureTypes.AGENT_UNUSABLE, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(
        cause.getOriginalMessage().startsWith("kimi-cli cannot run as configured (exit code 2)"),
        cause.getOriginalMessage());
    assertEquals(List.of("issue-7-3-a1"), jobIds(), "no second attempt");
    assertTrue(fakes.gitea.labelled.isEmpty(), "no needs-human: " + fakes.gitea.labelled);
    assertTrue(fakes.gitea.comments.isEmpty(), fakes.gitea.comments::toString);
    assertTrue(
        fakes.git.calls.contains("removeWorktree /wt/fix/7-crash-on-empty-input"),
        fakes.git.calls::toString);
    assertEquals(List.of(new Release(7, OWNER)), fakes.state.released);
    assertEquals(
        List.of(new JobRecord(3, 7, "Kimi:0.0", "failed", 0)),
        fakes.state.ended,
        "the pending record in state.json is closed");
    assertDoesNotThrow(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                client.fetchHistory(IssueJob.workflowId(7)), IssueJobImpl.class));
  }

  @Test
  void unusableProfileChosenByALabelParksTheIssueOnce() {
    fakes.gitea.labels = List.of("bug", "agent:codex");
    outcomes(JobOutcome.UNUSABLE);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, this::run);

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause());
    assertEquals(FailureTypes.AGENT_UNUSABLE, cause.getType());
    assertEquals(1, fakes.gitea.comments.size(), fakes.gitea.comments::toString);
    String body = fakes.gitea.comments.get(0).body();
    assertEquals(
        "agent:codex cannot run here: codex cannot run as configured (exit code 2)."
            + " End of its output:",
        body);
    assertEquals(List.of(new LabelChange(7, List.of("needs-human"))), fakes.gitea.labelled);
    assertEquals(1, fakes.state.ended.size());
    assertEquals("failed", fakes.state.ended.get(0).outcome());
  }

  @Test
  void aLabelNamingTheConfiguredAgentParksNothing() {
    fakes.gitea.labels = List.of("agent:kimi-cli");
    outcomes(JobOutcome.UNUSABLE);

    assertThrows(WorkflowFailedException.class, this::run);

    assertTrue(fakes.gitea.labelled.isEmpty(), fakes.gitea.labelled::toString);
    assertTrue(fakes.gitea.comments.isEmpty(), fakes.gitea.comments::toString);
    assertEquals(1, fakes.state.ended.size());
  }

  @Test
  void agentLabelPicksTheProfileOfEveryJob() {
    fakes.gitea.labels = List.of("bug", "agent:codex");
    fakes.git.changes.add(
        new dev.timmyloop.activities.git.GitActivities.Changes(List.of(), 0, 0, ""));

    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals(
        List.of("codex", "codex"), fakes.kimi.dispatched.stream().map(JobRequest::agent).toList());
    assertEquals("codex", r.agent());
  }

  @Test
  void unknownAgentLabelRunsTheConfiguredAgent() {
    fakes.gitea.labels = List.of("agent:gpt-9");

    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals("", fakes.kimi.dispatched.get(0).agent());
  }

  @Test
  void silentAgentIsToldWhyItWasStopped() {
    outcomes(JobOutcome.SILENT);

    IssueJobResult r = run();

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertTrue(fakes.kimi.dispatched.get(1).prompt().contains("no output and no file change"));
    assertEquals("SILENT COMPLETED", r.agentOutcomes());
  }
}
