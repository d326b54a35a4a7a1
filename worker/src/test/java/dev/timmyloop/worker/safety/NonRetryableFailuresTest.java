package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.git.GitActivities;
import dev.timmyloop.activities.git.GitActivities.AddWorktree;
import dev.timmyloop.activities.git.GitActivities.CommitRequest;
import dev.timmyloop.activities.git.GitActivities.PushRequest;
import dev.timmyloop.activities.git.GitActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.support.ActivityProfiles;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, time limits and retries: through the production options groups, a 401, a 422, a push to
 * a protected branch and a protected path in the change fail on the first attempt, and the reason
 * is in the failure a person sees in the UI.
 */
class NonRetryableFailuresTest {
  @WorkflowInterface
  public interface OneStep {
    @WorkflowMethod
    String run(String step, String worktree);
  }

  public static class OneStepImpl implements OneStep {
    private final GiteaActivities gitea =
        Workflow.newActivityStub(GiteaActivities.class, ActivityProfiles.GITEA);
    private final GitActivities git =
        Workflow.newActivityStub(GitActivities.class, ActivityProfiles.GIT);

    @Override
    public String run(String step, String worktree) {
      switch (step) {
        case "list-issues" -> gitea.openIssues();
        case "blank-issue" -> gitea.createIssue(new NewIssue(" ", "no title", List.of()));
        case "push-main" -> git.push(new PushRequest(worktree, "main"));
        case "commit" -> git.commit(new CommitRequest(worktree, "fix: thing"));
        default -> throw new IllegalArgumentException(step);
      }
      return "not failed";
    }
  }

  @TempDir Path root;
  DemoScenario demo;
  TestWorkflowEnvironment env;

  @BeforeEach
  void forge() throws Exception {
    demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO);
  }

  @AfterEach
  void close() throws Exception {
    if (env != null) env.close();
    demo.close();
  }

  private ApplicationFailure failure(TimmyConfig config, String step, String worktree) {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker("one-step");
    worker.registerWorkflowImplementationTypes(OneStepImpl.class);
    worker.registerActivitiesImplementations(
        new GiteaActivitiesImpl(config), new GitActivitiesImpl(config));
    env.start();
    String id = "one-step-" + step;
    OneStep stub =
        env.getWorkflowClient()
            .newWorkflowStub(
                OneStep.class,
                WorkflowOptions.newBuilder().setTaskQueue("one-step").setWorkflowId(id).build());
    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> stub.run(step, worktree));
    ActivityFailure activity = assertInstanceOf(ActivityFailure.class, e.getCause());
    assertEquals(RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, activity.getRetryState());
    var started =
        env.getWorkflowClient().fetchHistory(id).getEvents().stream()
            .filter(ev -> ev.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
            .toList();
    assertEquals(1, started.size());
    assertEquals(1, started.get(0).getActivityTaskStartedEventAttributes().getAttempt());
    return assertInstanceOf(ApplicationFailure.class, activity.getCause());
  }

  private static String worktree(TimmyConfig config, String branch) {
    return new GitActivitiesImpl(config, Heartbeat.NONE)
        .addWorktree(new AddWorktree(branch, "origin/main"))
        .path();
  }

  private long posts() {
    return demo.forge().requestLog().stream().filter(r -> r.method().equals("POST")).count();
  }

  private long requests() {
    return demo.forge().requestCounts().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void aRejectedTokenFailsAtOnceNamingThe401() throws Exception {
    Path wrong = Files.writeString(root.resolve("wrong_token"), "f".repeat(40) + "\n");
    TimmyConfig config =
        ScenarioWorld.config(demo, Map.of("TIMMY_GITEA_TOKEN_FILE", wrong.toString()));
    long before = requests();

    ApplicationFailure f = failure(config, "list-issues", "");

    assertEquals(FailureTypes.GITEA_AUTH, f.getType());
    assertTrue(f.getOriginalMessage().contains("401"), f.getOriginalMessage());
    assertTrue(!f.getOriginalMessage().contains("ffffffffff"), "the token is not echoed");
    assertEquals(1, requests() - before, demo.forge().requestCounts().toString());
  }

  @Test
  void a422FailsAtOnceWithGiteasReason() throws Exception {
    long before = posts();

    ApplicationFailure f = failure(ScenarioWorld.config(demo, Map.of()), "blank-issue", "");

    assertEquals(FailureTypes.GITEA_REJECTED, f.getType());
    assertTrue(f.getOriginalMessage().contains("422"), f.getOriginalMessage());
    assertTrue(f.getOriginalMessage().contains("[Title]: Required"), f.getOriginalMessage());
    assertEquals(1, posts() - before, "one POST: the look for an existing issue is a GET");
  }

  @Test
  void aPushToMainFailsAtOnce() throws Exception {
    TimmyConfig config = ScenarioWorld.config(demo, Map.of());
    String wt = worktree(config, "fix/1-x");

    ApplicationFailure f = failure(config, "push-main", wt);

    assertEquals(FailureTypes.PROTECTED_BRANCH, f.getType());
    assertEquals("refusing to push to protected branch main", f.getOriginalMessage());
  }

  @Test
  void aProtectedPathInTheChangeFailsAtOnce() throws Exception {
    TimmyConfig config = ScenarioWorld.config(demo, Map.of());
    String wt = worktree(config, "fix/2-x");
    Files.writeString(Path.of(wt, "tox.ini"), "[tox]\nskipsdist = true\n");

    ApplicationFailure f = failure(config, "commit", wt);

    assertEquals(FailureTypes.PROTECTED_PATH, f.getType());
    assertEquals("refusing to commit changes to protected paths: tox.ini", f.getOriginalMessage());
  }
}
