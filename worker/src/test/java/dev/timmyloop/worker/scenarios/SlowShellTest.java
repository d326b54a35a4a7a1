package dev.timmyloop.worker.scenarios;

import static dev.timmyloop.worker.scenarios.IssueJobGivesUpTest.assertCleanedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pane whose shell is still reading its startup files (on this machine: a login shell waiting
 * for pyenv's rehash lock). It looks idle, so the job's command is typed and waits in the shell's
 * input; the first attempt is given up as never started. That command must not run late, beside
 * the second attempt.
 */
@Timeout(180)
class SlowShellTest {
  @TempDir Path root;

  @Test
  void anAttemptGivenUpBeforeItsShellWasReady_neverRunsLate() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      long n = w.demo.issues().get(0);
      Path go = root.resolve("shell-may-start");
      startSlowShellSession(w, go);
      Path a1 = w.jobDir("issue-" + n + "-1-a1");
      Path a2 = w.jobDir("issue-" + n + "-1-a2");

      IssueJob job = w.issueJob(n);
      WorkflowClient.start(job::run, w.claimAndPrepare(n));
      // The shell finishes starting only once the first attempt is given up and the second sent.
      ScenarioWorld.awaitTrue(
          "a1 given up and a2 sent",
          Duration.ofSeconds(150),
          () -> Files.exists(a1.resolve("outcome")) && Files.exists(a2.resolve("sent")));
      Files.writeString(go, "");
      IssueJobResult result =
          WorkflowStub.fromTyped(job).getResult(150, TimeUnit.SECONDS, IssueJobResult.class);

      assertEquals("CRASHED", Files.readString(a1.resolve("outcome")).trim());
      assertEquals(Outcome.LANDED, result.outcome(), result.toString());
      assertEquals(2, result.agentRuns());
      assertFalse(Files.exists(a1.resolve("pid")), "a1's runner never ran");
      assertEquals(1, w.agentRuns("issue-" + n), "the agent ran once: " + w.agentLog());
      assertTrue(w.forge.isMerged(result.pull()));
      assertCleanedUp(w, n);
    }
  }

  /** Replaces the world's tmux server with one whose shells wait for {@code go} while starting. */
  private static void startSlowShellSession(ScenarioWorld w, Path go) throws Exception {
    String socket = w.config.tmuxSocket();
    new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor(30, TimeUnit.SECONDS);
    Path rc = Files.writeString(
        w.demo.root().resolve("slow-bashrc"),
        // A command substitution runs in the shell's own process group: the pane looks idle.
        "x=$(while [ ! -e '" + go + "' ]; do sleep 0.2; done)\nPS1='$ '\n");
    Path conf = Files.writeString(
        w.demo.root().resolve("slow-tmux.conf"),
        "set -g default-command \"exec bash --rcfile '" + rc + "' -i\"\n");
    // The old server may still be going away: try again until the new one stays up.
    for (int attempt = 1; ; attempt++) {
      try {
        ScenarioWorld.run(
            w.demo.root(),
            "tmux", "-L", socket, "-f", conf.toString(), "new-session", "-d", "-s",
            w.config.tmuxSession(), "-x", "200", "-y", "50");
        return;
      } catch (IllegalStateException e) {
        if (attempt >= 20) throw e;
        Thread.sleep(500);
      }
    }
  }
}
