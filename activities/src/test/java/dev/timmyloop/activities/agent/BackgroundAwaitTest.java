package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.BackgroundWaits;
import dev.timmyloop.activities.agent.AgentActivities.AwaitRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import dev.timmyloop.activities.tmux.TmuxTestServer;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent jobs awaited in the background, on the Temporal test server with a real tmux and the
 * stand-in agent: the await holds no activity slot, a cancel stops the job, and a worker that stops
 * hands the wait to the retry, which re-attaches from the heartbeat.
 */
class BackgroundAwaitTest {
  static final String QUEUE = "background-await-test";
  static final Duration BEAT_TIMEOUT = Duration.ofSeconds(3);

  /** What the workflow saw: whether a short activity finished while the job still ran. */
  public record Seen(boolean shortRanWhileWaiting, JobResult result, String canceled) {}

  @WorkflowInterface
  public interface Job {
    @WorkflowMethod
    Seen run(JobRequest request, boolean cancelAfter2s);
  }

  public static class JobImpl implements Job {
    private final AgentActivities agent =
        Workflow.newActivityStub(
            AgentActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(BEAT_TIMEOUT)
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(500))
                        .setBackoffCoefficient(1)
                        .setMaximumAttempts(5)
                        .build())
                .build());

    @Override
    public Seen run(JobRequest request, boolean cancelAfter2s) {
      agent.dispatch(request);
      AwaitRequest await = new AwaitRequest(request.jobId(), request.pane(), 120);
      if (cancelAfter2s) {
        List<Promise<JobResult>> awaiting = new ArrayList<>();
        CancellationScope scope =
            Workflow.newCancellationScope(
                () -> {
                  awaiting.add(Async.function(agent::awaitJob, await));
                });
        scope.run();
        Workflow.sleep(Duration.ofSeconds(2));
        scope.cancel();
        try {
          return new Seen(false, awaiting.get(0).get(), "");
        } catch (ActivityFailure e) {
          return new Seen(false, null, e.getCause().getClass().getSimpleName());
        }
      }
      Promise<JobResult> result = Async.function(agent::awaitJob, await);
      // The worker has one activity slot: this runs only if the await does not hold it.
      agent.cancelJob("no-such-job");
      boolean whileWaiting = !result.isCompleted();
      try {
        return new Seen(whileWaiting, result.get(), "");
      } catch (ActivityFailure e) {
        return new Seen(whileWaiting, null, e.getCause().getClass().getSimpleName());
      }
    }
  }

  /** The real activities; the first await attempt's waits close 3 s in, as on a worker restart. */
  static class RestartingWaits implements AgentActivities {
    final AgentActivitiesImpl first;
    final AgentActivitiesImpl second;
    final BackgroundWaits firstWaits;
    final List<String> attempts = new CopyOnWriteArrayList<>();

    RestartingWaits(TimmyConfig config, TmuxTestServer server, TestWorkflowEnvironment env) {
      firstWaits = waits(env);
      first = new AgentActivitiesImpl(config, server.tmux, System.getenv(), firstWaits);
      second = new AgentActivitiesImpl(config, server.tmux, System.getenv(), waits(env));
    }

    @Override
    public JobTicket dispatch(JobRequest request) {
      return first.dispatch(request);
    }

    @Override
    public JobResult awaitJob(AwaitRequest request) {
      var ctx = Activity.getExecutionContext();
      attempts.add(
          ctx.getInfo().getAttempt()
              + ":"
              + ctx.getHeartbeatDetails(JobWatcher.Progress.class).map(p -> p.jobId()).orElse(""));
      return (ctx.getInfo().getAttempt() == 1 ? first : second).awaitJob(request);
    }

    @Override
    public void cancelJob(String jobId) {
      first.cancelJob(jobId);
    }

    @Override
    public AnalysisResult analyze(AnalysisRequest request) {
      return first.analyze(request);
    }
  }

  @TempDir Path root;
  private TmuxTestServer server;
  private TestWorkflowEnvironment env;
  private Path starts;
  private TimmyConfig config;

  @BeforeEach
  void start() throws Exception {
    server = new TmuxTestServer(root);
    starts = root.resolve("starts.log");
    String command =
        server.standIn() + " --print -p {prompt} -w {worktree} --log " + starts + " --delay 6";
    config = server.config("B", command, Map.of());
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
  }

  @AfterEach
  void stop() {
    env.close();
    server.close();
  }

  private static BackgroundWaits waits(TestWorkflowEnvironment env) {
    return new BackgroundWaits(
        "test-jobs", env.getWorkflowClient().newActivityCompletionClient(), BEAT_TIMEOUT);
  }

  private Seen run(AgentActivities activities, String jobId, boolean cancel) throws Exception {
    Worker worker =
        env.newWorker(
            QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(1).build());
    worker.registerWorkflowImplementationTypes(JobImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    Path worktree = Files.createDirectories(root.resolve("worktree"));
    Job job =
        env.getWorkflowClient()
            .newWorkflowStub(
                Job.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(QUEUE)
                    .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                    .build());
    return job.run(new JobRequest(jobId, "B:0.1", worktree.toString(), "work 6 s"), cancel);
  }

  @Test
  void aWaitingJobHoldsNoSlotAndItsResultArrives() throws Exception {
    BackgroundWaits waits = waits(env);
    AgentActivitiesImpl activities =
        new AgentActivitiesImpl(config, server.tmux, System.getenv(), waits);

    Seen seen = run(activities, "bg-1", false);

    assertTrue(seen.shortRanWhileWaiting(), "a short activity ran while the only slot's job ran");
    assertEquals(JobOutcome.COMPLETED, seen.result().outcome(), seen.toString());
    assertTrue(seen.result().durationMillis() >= 5_000, seen.toString());
    assertEquals(1, Files.readAllLines(starts).size(), "the agent started once");
    assertEquals(0, waits.waiting());
  }

  @Test
  void aCanceledAwaitStopsTheJob() throws Exception {
    AgentActivitiesImpl activities =
        new AgentActivitiesImpl(config, server.tmux, System.getenv(), waits(env));

    Seen seen = run(activities, "bg-2", true);

    assertEquals("CanceledFailure", seen.canceled(), seen.toString());
    JobFolder job = JobFolder.of(config.jobsDir(), "bg-2");
    TmuxTestServer.await("the canceled job's end", () -> job.exitCode().isPresent());
    assertNotEquals(0, job.exitCode().getAsInt(), "interrupted, not finished");
  }

  @Test
  void aStoppingWorkerHandsTheWaitToTheRetryWhichReattaches() throws Exception {
    RestartingWaits activities = new RestartingWaits(config, server, env);
    Thread stopper =
        new Thread(
            () -> {
              try {
                TmuxTestServer.await("the first wait", () -> activities.firstWaits.waiting() == 1);
                Thread.sleep(3_000);
                activities.firstWaits.close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    stopper.start();

    Seen seen = run(activities, "bg-3", false);
    stopper.join();

    assertEquals(JobOutcome.COMPLETED, seen.result().outcome(), seen.toString());
    assertEquals(1, Files.readAllLines(starts).size(), "the agent started once");
    assertEquals(List.of("1:", "2:bg-3"), activities.attempts, "attempt 2 read the heartbeat");
  }
}
