package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.SandboxGitea.Repo;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * awaitStatus heartbeats, so it runs inside Temporal's activity test environment, against a real
 * sandbox forge. A forge per test: a CI run that never ends must not hold up another test's CI.
 */
class GiteaAwaitStatusSandboxTest {
  @TempDir Path tmp;
  private SandboxGitea sandbox;
  private TestActivityEnvironment env;

  @BeforeEach
  void start() throws Exception {
    sandbox = new SandboxGitea(tmp);
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    env.close();
    sandbox.close(); // also stops a CI run still sleeping
  }

  private GiteaActivities stub(Repo repo) {
    env.registerActivitiesImplementations(sandbox.activities(repo));
    return env.newActivityStub(
        GiteaActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(3))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  @Test
  void awaitStatusReturnsGreenWhenCiFinishes() throws Exception {
    Repo repo = sandbox.repo();
    GiteaActivities gitea = stub(repo);
    String head = repo.pushBranch("fix/green", "a.txt", "a\n");

    CombinedStatus status = gitea.awaitStatus(new AwaitStatus(head, 120));

    assertTrue(status.green(), status.toString());
    assertEquals(head, status.sha());
  }

  @Test
  void awaitStatusGivesUpAfterItsTimeLimitWithTheStatusStillWaiting() throws Exception {
    Repo repo = sandbox.repo(List.of("sleep", "30"));
    GiteaActivities gitea = stub(repo);
    String head = repo.pushBranch("fix/slow", "a.txt", "a\n");
    gitea.createPull(new NewPull("slow CI", "", "fix/slow", "main"));

    CombinedStatus status = gitea.awaitStatus(new AwaitStatus(head, 2));

    assertTrue(status.waiting(), status.toString());
    assertTrue(sandbox.forge.requestCounts().toString().contains("/commits/{ref}/status"));
  }
}
