package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.agent.AgentActivities.AwaitRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import dev.timmyloop.activities.tmux.TmuxTestServer;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~20 s agent job whose await attempt dies mid-way, as on a worker restart: the retry re-attaches
 * from its last heartbeat, the job is sent exactly once, and its result still arrives.
 */
class AgentRetryTest {
  static final String QUEUE = "kimi-retry-test";

  @WorkflowInterface
  public interface AgentJob {
    @WorkflowMethod
    JobResult run(JobRequest request);
  }

  public static class AgentJobImpl implements AgentJob {
    private final AgentActivities dispatch =
        Workflow.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(60)).build());
    private final AgentActivities await =
        Workflow.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofSeconds(3))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(1)
                        .setMaximumAttempts(5)
                        .build())
                .build());

    @Override
    public JobResult run(JobRequest request) {
      dispatch.dispatch(request);
      return await.awaitJob(new AwaitRequest(request.jobId(), request.pane(), 120));
    }
  }

  /** The real activities, except that the first await attempt's thread is interrupted after 5 s. */
  static class FirstAwaitDies implements AgentActivities {
    final AgentActivitiesImpl real;
    final AtomicInteger dispatches = new AtomicInteger();
    final List<String> attempts = new CopyOnWriteArrayList<>();
    final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();

    FirstAwaitDies(AgentActivitiesImpl real) {
      this.real = real;
    }

    @Override
    public JobTicket dispatch(JobRequest request) {
      dispatches.incrementAndGet();
      return real.dispatch(request);
    }

    @Override
    public JobResult awaitJob(AwaitRequest request) {
      ActivityExecutionContext ctx = Activity.getExecutionContext();
      int attempt = ctx.getInfo().getAttempt();
      String details =
          ctx.getHeartbeatDetails(JobWatcher.Progress.class)
              .map(JobWatcher.Progress::toString)
              .orElse("none");
      attempts.add(attempt + ":" + details);
      if (attempt == 1) {
        Thread thread = Thread.currentThread();
        killer.schedule(thread::interrupt, 5, TimeUnit.SECONDS);
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
  void awaitRetriedMidJobReattachesAndTheJobIsSentOnce(@TempDir Path root) throws Exception {
    try (TmuxTestServer server = new TmuxTestServer(root)) {
      Path worktree = Files.createDirectories(root.resolve("worktree"));
      Path log = root.resolve("starts.log");
      String command =
          server.standIn() + " --print -p {prompt} -w {worktree} --log " + log + " --delay 20";
      TimmyConfig config = server.config("R", command, Map.of());
      FirstAwaitDies activities = new FirstAwaitDies(new AgentActivitiesImpl(config, server.tmux));

      TestWorkflowEnvironment env =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
      try {
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentJobImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        AgentJob workflow =
            env.getWorkflowClient()
                .newWorkflowStub(
                    AgentJob.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowExecutionTimeout(Duration.ofMinutes(3))
                        .build());

        JobResult result =
            workflow.run(new JobRequest("retry-1", "R:0.1", worktree.toString(), "work 20 s"));

        assertEquals(JobOutcome.COMPLETED, result.outcome(), result.outputTail());
        assertEquals(1, Files.readAllLines(log).size(), "the agent started exactly once");
        assertEquals(1, activities.dispatches.get());
        assertEquals(2, activities.attempts.size(), activities.attempts.toString());
        assertTrue(activities.attempts.get(0).startsWith("1:none"), activities.attempts.toString());
        assertTrue(
            activities.attempts.get(1).contains("retry-1"),
            "attempt 2 read the heartbeat: " + activities.attempts);
        assertFalse(Files.exists(config.jobsDir().resolve("retry-1").resolve("outcome")));
      } finally {
        activities.killer.shutdownNow();
        env.close();
      }
    }
  }
}
