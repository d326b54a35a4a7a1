package dev.timmyloop.activities.kimi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.kimi.KimiActivities.AwaitRequest;
import dev.timmyloop.activities.kimi.KimiActivities.JobOutcome;
import dev.timmyloop.activities.kimi.KimiActivities.JobRequest;
import dev.timmyloop.activities.kimi.KimiActivities.JobResult;
import dev.timmyloop.activities.kimi.KimiActivities.JobTicket;
import dev.timmyloop.activities.tmux.TmuxActivities;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivities.SessionState;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent in a real tmux pane on a private server, through real activity executions. */
class KimiActivitiesImplTest {
  @TempDir Path root;
  private AgentFixture fx;
  private TestActivityEnvironment env;

  @BeforeEach
  void setUp() throws Exception {
    fx = new AgentFixture(root);
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() throws Exception {
    env.close();
    fx.close();
  }

  private KimiActivities kimi(TimmyConfig config) {
    env.registerActivitiesImplementations(new KimiActivitiesImpl(config), new TmuxActivitiesImpl(config));
    return env.newActivityStub(
        KimiActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setHeartbeatTimeout(Duration.ofSeconds(30))
            .build());
  }

  private TmuxActivities tmux() {
    return env.newActivityStub(
        TmuxActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
  }

  private JobResult run(KimiActivities kimi, String jobId, String prompt, long timeoutSeconds) {
    kimi.dispatch(new JobRequest(jobId, "Kimi:0.0", fx.worktree.toString(), prompt));
    return kimi.awaitJob(new AwaitRequest(jobId, "Kimi:0.0", timeoutSeconds));
  }

  @Test
  void ensureSessionCreatesTheMissingPanesOnceAndReportsThemIdle() throws Exception {
    kimi(fx.config(""));
    SessionState first = tmux().ensureSession();
    assertEquals(List.of("Kimi:0.0", "Kimi:0.1"), first.panes().stream().map(PaneStatus::target).toList());
    assertEquals(2, first.created().size());
    SessionState again = tmux().ensureSession();
    assertTrue(again.created().isEmpty());
    assertTrue(again.panes().stream().allMatch(PaneStatus::alive));
  }

  @Test
  void aJobRunsOnceAndASecondDispatchSendsNothing() throws Exception {
    KimiActivities kimi = kimi(fx.config(""));
    JobResult result = run(kimi, "job-1", "Issue #1: make it so", 60);
    assertEquals(JobOutcome.COMPLETED, result.outcome());
    assertEquals(0, result.exitCode());
    assertTrue(result.outputTail().contains("stand-in kimi working"));
    JobTicket again = kimi.dispatch(new JobRequest("job-1", "Kimi:0.0", fx.worktree.toString(), "x"));
    assertTrue(again.alreadySent());
    assertEquals(1, fx.starts().size());
    assertTrue(Files.exists(fx.worktree.resolve("agent-was-here.txt")));
  }

  @Test
  void aHostilePromptReachesTheAgentByteForByteAndRunsNothing() throws Exception {
    Path canary = root.resolve("CANARY");
    String hostile =
        "Issue #9: it's \"quoted\" `whoami` $(touch " + canary + ") ; rm -rf " + fx.worktree + "\n"
            + "Enter C-c \u001b[31mred\u001b[0m 'unclosed \\ \n"
            + "x".repeat(100_000);
    KimiActivities kimi = kimi(fx.config(""));
    JobResult result = run(kimi, "hostile-1", hostile, 60);
    assertEquals(JobOutcome.COMPLETED, result.outcome());
    assertFalse(Files.exists(canary), "the prompt ran a command");
    assertTrue(Files.exists(fx.worktree), "the prompt ran a command");
    Path received;
    try (var files = Files.list(fx.out)) {
      received = files.filter(p -> p.getFileName().toString().startsWith("prompt-")).findFirst().orElseThrow();
    }
    assertEquals(sha256(hostile.getBytes(java.nio.charset.StandardCharsets.UTF_8)), sha256(Files.readAllBytes(received)));
  }

  @Test
  void aNonZeroExitIsAFailure() throws Exception {
    JobResult result = run(kimi(fx.config("--exit 3")), "fail-1", "Issue #2", 60);
    assertEquals(JobOutcome.FAILED, result.outcome());
    assertEquals(3, result.exitCode());
  }

  @Test
  void aJobPastItsTimeLimitIsInterruptedAndThePaneIsFreeAgain() throws Exception {
    KimiActivities kimi = kimi(fx.config("--delay 300"));
    JobResult result = run(kimi, "slow-1", "Issue #3", 3);
    assertEquals(JobOutcome.TIMED_OUT, result.outcome());
    PaneStatus pane = tmux().paneStatus().get(0);
    assertTrue(pane.idle(), "pane still busy: " + pane);
    assertEquals("", pane.jobId());
  }

  @Test
  void turnEndCountsAsTheEndWhenTheCliLingers() throws Exception {
    JobResult result = run(kimi(fx.config("--turn-end --linger 120")), "turn-1", "Issue #4", 90);
    assertEquals(JobOutcome.COMPLETED, result.outcome());
    assertEquals(1, result.turnEnds());
  }

  @Test
  void aRunnerKilledFromOutsideIsACrash() throws Exception {
    KimiActivities kimi = kimi(fx.config("--delay 300"));
    JobTicket ticket = kimi.dispatch(new JobRequest("crash-1", "Kimi:0.0", fx.worktree.toString(), "Issue #5"));
    JobFolder job = new JobFolder("crash-1", Path.of(ticket.jobDir()));
    for (int i = 0; i < 100 && job.pid().isEmpty(); i++) Thread.sleep(100);
    new ProcessBuilder("kill", "-KILL", "--", "-" + job.pid().orElseThrow()).start().waitFor();
    JobResult result = kimi.awaitJob(new AwaitRequest("crash-1", "Kimi:0.0", 60));
    assertEquals(JobOutcome.CRASHED, result.outcome());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
