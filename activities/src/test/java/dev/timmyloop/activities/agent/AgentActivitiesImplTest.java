package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.agent.AgentActivities.AwaitRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import dev.timmyloop.activities.agent.AgentActivities.JobTicket;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxTestServer;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Agent jobs in real tmux panes, run by a stand-in agent that records what it received. */
class AgentActivitiesImplTest {
  @TempDir static Path root;
  static TmuxTestServer server;
  static Path worktree;
  static int nextPane;

  @BeforeAll
  static void start() throws Exception {
    server = new TmuxTestServer(root);
    worktree = Files.createDirectories(root.resolve("worktree"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One test's agent: its start log, where it writes the prompt it got, and its activities. */
  record Agent(AgentActivitiesImpl kimi, TimmyConfig config, Path startLog, Path received) {
    long starts() throws Exception {
      return Files.exists(startLog) ? Files.readAllLines(startLog).size() : 0;
    }
  }

  private Agent agent(TestInfo test, String session, String promptWords, String knobs)
      throws Exception {
    return agent(test, session, promptWords, knobs, Map.of());
  }

  private Agent agent(
      TestInfo test, String session, String promptWords, String knobs, Map<String, String> more)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve(test.getTestMethod().orElseThrow().getName()));
    Path log = dir.resolve("starts.log");
    Path received = dir.resolve("received.txt");
    String command =
        server.standIn()
            + " --print "
            + promptWords
            + " -w {worktree} --log "
            + log
            + " --out "
            + received
            + " "
            + knobs;
    Map<String, String> overrides = new java.util.HashMap<>(more);
    overrides.put("TIMMY_STATE_DIR", dir.resolve("state").toString());
    TimmyConfig config = server.config(session, command, overrides);
    return new Agent(new AgentActivitiesImpl(config, server.tmux), config, log, received);
  }

  private Agent agent(TestInfo test, String knobs) throws Exception {
    return agent(test, "K", "-p {prompt}", knobs);
  }

  private static String pane() {
    return "K:0." + (nextPane++ % 4);
  }

  private static JobResult run(
      Agent a, String jobId, String pane, String prompt, long timeoutSeconds) {
    JobTicket ticket = a.kimi().dispatch(new JobRequest(jobId, pane, worktree.toString(), prompt));
    assertFalse(ticket.alreadySent());
    return a.kimi().awaitJob(new AwaitRequest(jobId, pane, timeoutSeconds));
  }

  @Test
  void hostilePromptReachesTheAgentByteForByte(TestInfo test) throws Exception {
    Agent a = agent(test, "");
    Path canary = root.resolve("CANARY");
    String prompt =
        "it's \"quoted\" `touch "
            + canary
            + "` $(touch "
            + canary
            + ") $(touch CANARY) ; rm -rf x\n"
            + "Enter\nC-c\n\u001b[31mred\u001b[0m $HOME ${PATH} \\ back\\slash 'single' \t tab\n"
            + "unicode: äöü 日本 🚀\n"
            + "filler ".repeat(14_000)
            + "\n\n";
    JobResult r = run(a, "hostile-1", pane(), prompt, 60);

    assertEquals(JobOutcome.COMPLETED, r.outcome(), r.outputTail());
    assertEquals(0, r.exitCode());
    assertEquals(
        sha256(prompt.getBytes(StandardCharsets.UTF_8)), sha256(Files.readAllBytes(a.received())));
    assertFalse(Files.exists(canary));
    assertFalse(Files.exists(worktree.resolve("CANARY")));
    assertEquals(1, a.starts());
    assertTrue(r.outputTail().contains("stand-in agent done"));
    assertEquals("0", Files.readString(Path.of(r.logPath()).resolveSibling("exit_code")).trim());
  }

  @Test
  void megabytePromptArrivesThroughPromptFile(TestInfo test) throws Exception {
    Agent a = agent(test, "K", "--prompt-file {prompt_file}", "");
    String prompt = "$(touch CANARY) 'x' \"y\"\n".repeat(1024 * 1024 / 24 + 1);
    JobResult r = run(a, "big-1", pane(), prompt, 60);

    assertEquals(JobOutcome.COMPLETED, r.outcome(), r.outputTail());
    assertEquals(
        sha256(prompt.getBytes(StandardCharsets.UTF_8)), sha256(Files.readAllBytes(a.received())));
    assertFalse(Files.exists(worktree.resolve("CANARY")));
  }

  @Test
  void megabytePromptAsOneArgumentIsRejectedBeforeSending(TestInfo test) throws Exception {
    Agent a = agent(test, "");
    JobRequest big = new JobRequest("big-2", pane(), worktree.toString(), "x".repeat(1024 * 1024));
    ApplicationFailure e = assertThrows(ApplicationFailure.class, () -> a.kimi().dispatch(big));
    assertEquals(FailureTypes.INVALID_AGENT_JOB, e.getType());
    assertTrue(e.isNonRetryable());
  }

  @Test
  void nonZeroExitIsFailedWithItsCode(TestInfo test) throws Exception {
    Agent a = agent(test, "--exit 3");
    JobResult r = run(a, "exit-3", pane(), "fail please", 60);
    assertEquals(JobOutcome.FAILED, r.outcome());
    assertEquals(3, r.exitCode());
  }

  @Test
  void dispatchingTwiceSendsOnce(TestInfo test) throws Exception {
    Agent a = agent(test, "--delay 2");
    String pane = pane();
    JobRequest request = new JobRequest("twice-1", pane, worktree.toString(), "once");
    assertFalse(a.kimi().dispatch(request).alreadySent());
    JobTicket again = a.kimi().dispatch(request);
    assertTrue(again.alreadySent());
    assertEquals(pane, again.pane());

    PaneStatus status = new TmuxActivitiesImpl(a.config()).paneStatus().get(index(pane));
    TmuxTestServer.await("job visible in pane", () -> !statusOf(a, pane).idle());
    assertEquals("twice-1", statusOf(a, pane).jobId(), status.toString());

    JobResult r = a.kimi().awaitJob(new AwaitRequest("twice-1", pane, 60));
    assertEquals(JobOutcome.COMPLETED, r.outcome());
    assertEquals(1, a.starts());
    server.awaitIdle(pane);
    assertEquals("", statusOf(a, pane).jobId());
  }

  @Test
  void timeoutInterruptsTheJobAndFreesThePane(TestInfo test) throws Exception {
    Agent a = agent(test, "--delay 120");
    String pane = pane();
    JobResult r = run(a, "slow-1", pane, "take forever", 3);
    assertEquals(JobOutcome.TIMED_OUT, r.outcome());
    server.awaitIdle(pane);
    assertEquals("", statusOf(a, pane).jobId());
    // A retried await reports the same outcome.
    assertEquals(
        JobOutcome.TIMED_OUT, a.kimi().awaitJob(new AwaitRequest("slow-1", pane, 3)).outcome());
  }

  @Test
  void turnEndWithoutExitCountsAsCompleted(TestInfo test) throws Exception {
    Agent a =
        agent(
            test,
            "K",
            "-p {prompt}",
            "--turnend --delay 120",
            Map.of("TIMMY_AGENT_COMPLETES_ON_END_LINE", "true"));
    String pane = pane();
    JobResult r = run(a, "turnend-1", pane, "finish your turn", 60);
    assertEquals(JobOutcome.COMPLETED, r.outcome());
    assertEquals(0, r.exitCode());
    assertEquals(1, r.turnEnds());
    server.awaitIdle(pane);
  }

  @Test
  void killedRunnerIsCrashed(TestInfo test) throws Exception {
    Agent a = agent(test, "--delay 120");
    String pane = pane();
    a.kimi().dispatch(new JobRequest("crash-1", pane, worktree.toString(), "die"));
    Path pid = a.config().jobsDir().resolve("crash-1").resolve("pid");
    TmuxTestServer.await("runner pid", () -> Files.exists(pid));
    Process kill = new ProcessBuilder("kill", "-KILL", Files.readString(pid).trim()).start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS));

    JobResult r = a.kimi().awaitJob(new AwaitRequest("crash-1", pane, 60));
    assertEquals(JobOutcome.CRASHED, r.outcome());
    server.awaitIdle(pane);
  }

  @Test
  void cancelStopsTheJobAndIsIdempotent(TestInfo test) throws Exception {
    Agent a = agent(test, "--delay 120");
    String pane = pane();
    a.kimi().dispatch(new JobRequest("cancel-1", pane, worktree.toString(), "stop me"));
    Path pid = a.config().jobsDir().resolve("cancel-1").resolve("pid");
    TmuxTestServer.await("runner pid", () -> Files.exists(pid));
    a.kimi().cancelJob("cancel-1");
    a.kimi().cancelJob("cancel-1");
    a.kimi().cancelJob("never-dispatched");

    JobResult r = a.kimi().awaitJob(new AwaitRequest("cancel-1", pane, 60));
    assertEquals(JobOutcome.FAILED, r.outcome());
    server.awaitIdle(pane);
  }

  @Test
  void aPersonsProgramKeepsItsPane(TestInfo test) throws Exception {
    Agent a = agent(test, "");
    String pane = pane();
    new TmuxActivitiesImpl(a.config()).ensureSession();
    server.personRuns(pane, "sleep 300");
    assertFalse(statusOf(a, pane).idle());
    String shellPid = paneFormat(pane, "#{pane_pid}");

    JobRequest request = new JobRequest("busy-1", pane, worktree.toString(), "hello");
    ApplicationFailure e = assertThrows(ApplicationFailure.class, () -> a.kimi().dispatch(request));
    assertEquals(FailureTypes.PANE_BUSY, e.getType());
    assertTrue(e.isNonRetryable());
    assertEquals(0, a.starts());
    assertEquals(shellPid, paneFormat(pane, "#{pane_pid}"), "the pane was not respawned");
    assertEquals("sleep", paneFormat(pane, "#{pane_current_command}"), "the sleep still runs");
    server.tmux.check("send-keys", "-t", pane, "C-c");
    server.awaitIdle(pane);
  }

  @Test
  void theRunnerIsThePanesOwnProcessAndLeavesItsScreen(TestInfo test) throws Exception {
    Agent a = agent(test, "--delay 2");
    String pane = pane();
    new TmuxActivitiesImpl(a.config()).ensureSession();
    a.kimi().dispatch(new JobRequest("own-1", pane, worktree.toString(), "hello"));
    Path pid = a.config().jobsDir().resolve("own-1").resolve("pid");
    TmuxTestServer.await("runner pid", () -> Files.exists(pid));
    assertEquals(Files.readString(pid).strip(), paneFormat(pane, "#{pane_pid}"));
    assertEquals("own-1", statusOf(a, pane).jobId());
    assertFalse(statusOf(a, pane).idle());

    JobResult r = a.kimi().awaitJob(new AwaitRequest("own-1", pane, 60));
    assertEquals(JobOutcome.COMPLETED, r.outcome(), r.outputTail());
    TmuxTestServer.await("pane dead", () -> paneFormat(pane, "#{pane_dead}").equals("1"));
    TmuxTestServer.await(
        "the end on the screen",
        () -> statusOf(a, pane).lastLines().contains("job own-1 ended with exit code 0"));
    // tmux 3.3a now and then misses a pane's exit (its child stays a zombie) and shows no status;
    // when it shows one, it is the job's.
    assertTrue(Set.of("", "0").contains(paneFormat(pane, "#{pane_dead_status}")));
    PaneStatus after = statusOf(a, pane);
    assertTrue(after.idle() && after.jobId().isEmpty(), after.toString());
    assertTrue(after.lastLines().contains("stand-in agent done"), after.lastLines());
    assertEquals("0", Files.readString(pid.resolveSibling("exit_code")).strip());

    // The next job takes the dead pane: same pane id, a new process.
    String paneId = paneFormat(pane, "#{pane_id}");
    assertEquals(JobOutcome.COMPLETED, run(a, "own-2", pane, "again", 60).outcome());
    assertEquals(paneId, paneFormat(pane, "#{pane_id}"));
    assertEquals(2, a.starts());
  }

  @Test
  void missingSessionIsCreatedOnDispatch(TestInfo test) throws Exception {
    Agent a = agent(test, "Fresh", "-p {prompt}", "");
    Agent waiting =
        new Agent(
            new AgentActivitiesImpl(a.config(), server.tmux),
            a.config(),
            a.startLog(),
            a.received());
    JobResult r = run(waiting, "fresh-1", "Fresh:0.2", "hello", 60);
    assertEquals(JobOutcome.COMPLETED, r.outcome(), r.outputTail());
    assertEquals("hello", Files.readString(a.received()));
  }

  @Test
  void paneOutsideTheSessionIsTmuxUnavailable(TestInfo test) throws Exception {
    Agent a = agent(test, "");
    JobRequest request = new JobRequest("nowhere-1", "K:0.9", worktree.toString(), "p");
    ApplicationFailure e = assertThrows(ApplicationFailure.class, () -> a.kimi().dispatch(request));
    assertEquals(dev.timmyloop.activities.FailureTypes.TMUX_UNAVAILABLE, e.getType());
    assertEquals(0, a.starts());
  }

  @Test
  void unsafeJobIdsAreRejected(TestInfo test) throws Exception {
    Agent a = agent(test, "");
    for (String id : new String[] {"..", "a/b", "x y", "$(id)", ""}) {
      ApplicationFailure e =
          assertThrows(
              ApplicationFailure.class,
              () -> a.kimi().dispatch(new JobRequest(id, "K:0.0", worktree.toString(), "p")));
      assertEquals(FailureTypes.INVALID_AGENT_JOB, e.getType(), id);
    }
  }

  private static PaneStatus statusOf(Agent a, String pane) {
    return new TmuxActivitiesImpl(a.config()).paneStatus().get(index(pane));
  }

  private static String paneFormat(String pane, String format) {
    return server.tmux.check("display-message", "-p", "-t", pane, format).strip();
  }

  private static int index(String pane) {
    return Integer.parseInt(pane.substring(pane.lastIndexOf('.') + 1));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
