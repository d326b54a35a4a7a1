package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.workflows.loop.TimmyLoop;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopState;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endless loop against a forge that refuses its token: every cycle fails, and after two in a
 * row the loop pauses itself, as the old loop did with its {@code .paused} file. A person resumes
 * it.
 */
class TimmyLoopTest {
  @TempDir Path root;

  @Test
  @Timeout(180)
  void twoFailedCyclesInARowPauseTheLoopAndResumeStartsItAgain() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      Path wrongToken = Files.writeString(root.resolve("wrong_token"), "not-the-token\n");
      Map<String, String> env = new HashMap<>(demo.env());
      env.put("HOME", root.toString());
      env.put("TIMMY_GITEA_TOKEN_FILE", wrongToken.toString());
      env.put("TIMMY_TMUX_SOCKET", "timmy-loop-test-" + ProcessHandle.current().pid());
      env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
      env.put("TIMMY_METRICS_PORT", "0");
      TimmyConfig config =
          ConfigLoader.load(env, Files.writeString(root.resolve("timmy.json"), "{}"));
      TestWorkflowEnvironment testEnv = TestWorkflowEnvironment.newInstance();
      try {
        Worker worker = testEnv.newWorker(config.taskQueue());
        Registration.register(worker, config, testEnv.getWorkflowClient());
        testEnv.start();
        TimmyLoop loop =
            testEnv
                .getWorkflowClient()
                .newWorkflowStub(
                    TimmyLoop.class,
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(TimmyLoop.WORKFLOW_ID)
                        .setTaskQueue(config.taskQueue())
                        .build());
        WorkflowClient.start(
            loop::run, new LoopState(null, 60L, null, 0, 0, false, "", null, List.of()));

        LoopStatus paused = waitFor(testEnv, loop, LoopStatus::paused);
        assertEquals(2, paused.cyclesRun(), paused.toString());
        assertEquals(2, paused.consecutiveFailures());
        assertTrue(
            paused.pausedReason().contains("2 failed cycles in a row"), paused.pausedReason());
        assertTrue(
            paused.recent().get(0).contains("GiteaAuth") || paused.recent().get(0).contains("401"),
            paused.recent().toString());

        loop.resume();
        LoopStatus again = waitFor(testEnv, loop, s -> s.cyclesRun() >= 4 && s.paused());
        assertEquals(4, again.cyclesRun(), again.toString());
        assertFalse(again.recent().isEmpty());
      } finally {
        testEnv.close();
        new ProcessBuilder("tmux", "-L", config.tmuxSocket(), "kill-server").start().waitFor();
      }
    }
  }

  /** Polls the loop's status; the environment's sleep skips the pauses between cycles. */
  private static LoopStatus waitFor(
      TestWorkflowEnvironment env, TimmyLoop loop, Predicate<LoopStatus> done) {
    LoopStatus s = loop.status();
    for (int i = 0; i < 300 && !done.test(s); i++) {
      env.sleep(Duration.ofSeconds(5));
      s = loop.status();
    }
    return s;
  }
}
