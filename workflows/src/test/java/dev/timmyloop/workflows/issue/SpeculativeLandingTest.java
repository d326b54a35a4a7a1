package dev.timmyloop.workflows.issue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With {@code mergeMode: speculative} a job hands its PR to the queue right after pushing. */
@Timeout(120)
class SpeculativeLandingTest {
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

  private IssueJobResult run(
      TestWorkflowEnvironment testEnv,
      Worker worker,
      WorkflowClient client,
      RecordingActivities fakes,
      String mode) {
    worker.registerActivitiesImplementations(fakes.all());
    testEnv.start();
    LoopSettings s = RecordingActivities.settings();
    LoopSettings settings =
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
            s.maxFindingsPerCycle(),
            mode,
            s.mergeParallelism());
    IssueJob job =
        client.newWorkflowStub(
            IssueJob.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(IssueJob.workflowId(7))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    Holder owner = new Holder("timmy-cycle-3", "", "Kimi:0.0");
    return job.run(new IssueJobInput(3, 7, "Crash on empty input", owner, settings, "kimi-cli"));
  }

  @Test
  void theJobEnqueuesWithoutWaitingForCiOnItsOwnHead(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    RecordingActivities fakes = new RecordingActivities(client);

    IssueJobResult r = run(testEnv, worker, client, fakes, "speculative");

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals("pushed-1", fakes.temporal.requests.get(0).ticket().expectedHeadSha());
    assertTrue(fakes.gitea.awaited.isEmpty(), "CI counts on the queue's candidate only");
  }

  @Test
  void serialStillWaitsForCiOnTheHeadItPushed(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    RecordingActivities fakes = new RecordingActivities(client);

    IssueJobResult r = run(testEnv, worker, client, fakes, "serial");

    assertEquals(Outcome.LANDED, r.outcome(), r.reason());
    assertEquals("pushed-1", fakes.gitea.awaited.get(0).sha());
  }
}
