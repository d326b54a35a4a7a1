package dev.timmyloop.activities.kimi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.kimi.KimiActivities.AwaitRequest;
import dev.timmyloop.activities.kimi.KimiActivities.JobOutcome;
import dev.timmyloop.activities.kimi.KimiActivities.JobRequest;
import dev.timmyloop.activities.kimi.KimiActivities.JobResult;
import dev.timmyloop.activities.kimi.KimiActivities.JobTicket;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent job of about 20 s whose dispatch and await attempts die midway, as they do when the worker
 * is restarted: the job is sent exactly once and its result still arrives, through the retries.
 */
class AwaitAfterRestartTest {
  @TempDir Path root;

  @WorkflowInterface
  public interface OneJob {
    @WorkflowMethod
    JobResult run(String worktree);
  }

  public static class OneJobImpl implements OneJob {
    private final KimiActivities kimi =
        Workflow.newActivityStub(
            KimiActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setHeartbeatTimeout(Duration.ofSeconds(5))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).build())
                .build());

    @Override
    public JobResult run(String worktree) {
      kimi.dispatch(new JobRequest("restart-1", "Kimi:0.0", worktree, "Issue #7: survive a restart"));
      return kimi.awaitJob(new AwaitRequest("restart-1", "Kimi:0.0", 120));
    }
  }

  /** The real activities, except that each first attempt dies after its work has begun. */
  static class DyingFirstAttempts implements KimiActivities {
    final KimiActivities real;
    final AtomicInteger dispatchAttempts = new AtomicInteger();
    final AtomicInteger awaitAttempts = new AtomicInteger();
    final AtomicInteger resentTickets = new AtomicInteger();

    DyingFirstAttempts(KimiActivities real) {
      this.real = real;
    }

    @Override
    public JobTicket dispatch(JobRequest request) {
      dispatchAttempts.incrementAndGet();
      JobTicket ticket = real.dispatch(request);
      if (ticket.alreadySent()) resentTickets.incrementAndGet();
      if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
        throw new IllegalStateException("worker died right after sending");
      }
      return ticket;
    }

    @Override
    public JobResult awaitJob(AwaitRequest request) {
      awaitAttempts.incrementAndGet();
      if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
        // Heartbeat a little, then stop answering: the heartbeat timeout ends this attempt.
        Activity.getExecutionContext().heartbeat(0L);
        try {
          Thread.sleep(9_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("worker died while waiting");
      }
      return real.awaitJob(request);
    }

    @Override
    public void cancelJob(String jobId) {
      real.cancelJob(jobId);
    }

    @Override
    public AnalysisResult analyze(AnalysisRequest request) {
      return real.analyze(request);
    }
  }

  @Test
  void aJobOfTwentySecondsSurvivesDyingAttemptsAndIsSentOnce() throws Exception {
    try (AgentFixture fx = new AgentFixture(root)) {
      DyingFirstAttempts kimi = new DyingFirstAttempts(new KimiActivitiesImpl(fx.config("--delay 20")));
      TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
      try {
        Worker worker = env.newWorker("agent-restart");
        worker.registerWorkflowImplementationTypes(OneJobImpl.class);
        worker.registerActivitiesImplementations(kimi);
        env.start();
        OneJob wf =
            env.getWorkflowClient()
                .newWorkflowStub(OneJob.class, WorkflowOptions.newBuilder().setTaskQueue("agent-restart").build());
        JobResult result = wf.run(fx.worktree.toString());

        assertEquals(JobOutcome.COMPLETED, result.outcome());
        assertEquals(1, fx.starts().size(), "the agent must start exactly once");
        assertEquals(2, kimi.dispatchAttempts.get());
        assertEquals(1, kimi.resentTickets.get(), "the retried dispatch must find the job already sent");
        assertTrue(kimi.awaitAttempts.get() >= 2, "the await must have been retried");
        assertTrue(result.durationMillis() >= 19_000, "the job ran its 20 s: " + result.durationMillis());
      } finally {
        env.close();
      }
    }
  }
}
