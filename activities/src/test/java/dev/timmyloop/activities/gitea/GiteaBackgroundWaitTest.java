package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.BackgroundWaits;
import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.SandboxGitea.Repo;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI waits in the background, on the Temporal test server and the sandbox forge with a CI of 3 s:
 * three PRs wait at once on a worker with a single activity slot, and a short call still runs while
 * they wait.
 */
class GiteaBackgroundWaitTest {
  static final String QUEUE = "gitea-background-wait-test";

  public record Seen(boolean shortRanWhileWaiting, List<CombinedStatus> statuses) {}

  @WorkflowInterface
  public interface Waits {
    @WorkflowMethod
    Seen run(List<String> shas);
  }

  public static class WaitsImpl implements Waits {
    private final GiteaActivities gitea =
        Workflow.newActivityStub(
            GiteaActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(6))
                .build());

    @Override
    public Seen run(List<String> shas) {
      List<Promise<CombinedStatus>> waits =
          shas.stream()
              .map(sha -> Async.function(gitea::awaitStatus, new AwaitStatus(sha, 60)))
              .toList();
      gitea.combinedStatus(shas.get(0));
      boolean whileWaiting = waits.stream().noneMatch(Promise::isCompleted);
      return new Seen(whileWaiting, waits.stream().map(Promise::get).toList());
    }
  }

  @Test
  void waitingPrsHoldNoSlotAndEachHearsItsVerdict(@TempDir Path tmp) throws Exception {
    try (SandboxGitea sandbox = new SandboxGitea(tmp)) {
      Repo repo = sandbox.repo(List.of("sleep", "3"));
      List<String> shas =
          List.of(
              repo.pushBranch("fix/a", "a.txt", "a\n"),
              repo.pushBranch("fix/b", "b.txt", "b\n"),
              repo.pushBranch("fix/c", "c.txt", "c\n"));
      TestWorkflowEnvironment env =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
      try {
        BackgroundWaits ci =
            new BackgroundWaits(
                "test-ci",
                env.getWorkflowClient().newActivityCompletionClient(),
                Duration.ofSeconds(6));
        Worker worker =
            env.newWorker(
                QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(1).build());
        worker.registerWorkflowImplementationTypes(WaitsImpl.class);
        worker.registerActivitiesImplementations(
            new GiteaActivitiesImpl(sandbox.options(repo, () -> SandboxGitea.TOKEN), ci));
        env.start();
        Waits workflow =
            env.getWorkflowClient()
                .newWorkflowStub(
                    Waits.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                        .build());

        Seen seen = workflow.run(shas);

        assertTrue(seen.shortRanWhileWaiting(), seen.toString());
        assertEquals(shas, seen.statuses().stream().map(CombinedStatus::sha).toList());
        assertTrue(seen.statuses().stream().allMatch(CombinedStatus::green), seen.toString());
        assertEquals(0, ci.waiting());
      } finally {
        env.close();
      }
    }
  }
}
