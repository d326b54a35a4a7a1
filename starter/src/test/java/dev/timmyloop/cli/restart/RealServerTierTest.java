package dev.timmyloop.cli.restart;

import static dev.timmyloop.cli.restart.RealServerTier.count;
import static dev.timmyloop.cli.restart.RealServerTier.events;
import static dev.timmyloop.cli.restart.RealServerTier.list;
import static dev.timmyloop.cli.restart.RealServerTier.listAtLeast;
import static dev.timmyloop.cli.restart.RealServerTier.longs;
import static dev.timmyloop.cli.restart.RealServerTier.result;
import static dev.timmyloop.cli.restart.RealServerTier.start;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.ForgeResponse;
import dev.timmyloop.worker.world.TemporalCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, the test tier on the real server: {@code timmy server} runs the Temporal CLI's dev
 * server (SQLite in a temp folder, free ports), {@code timmy worker} runs with stickiness on, and
 * everything is counted from the forge, git and the stand-in agent's own log. Seven worlds, five at
 * a time:
 *
 * <ul>
 *   <li><b>cli</b>: the whole demo world. A cycle started by {@code temporal workflow start} with
 *       no input lands the three issues and both PRs; one with {@code --input '{"dryRun": true}'}
 *       changes nothing; a {@code TimmyLoop} of three cycles; results read with {@code temporal
 *       workflow result}. Then a cycle whose phase 1 and whose issue job fail (the forge refuses),
 *       and {@code temporal workflow list --query} on each of the five search attributes.
 *   <li><b>worker-kill</b> (after cli): the worker SIGKILLed while the agent runs.
 *   <li><b>server-kills</b>: two issues, one pane. The server (the {@code timmy server} process,
 *       and with it its dev server) is SIGKILLed and started again on the same database and ports
 *       while the agent runs, during the merge queue's CI wait, and during the loop's pause timer.
 *   <li><b>schedules</b>: {@code timmy schedule create --every 1m}, an overlapping run skipped,
 *       {@code schedule delete}; deploy/README's {@code temporal schedule} lines as written.
 *   <li><b>terminate</b>: {@code temporal workflow terminate} on a cycle mid repair and on one in
 *       phase 5.
 *   <li><b>hosts</b>: two hosts, one killed in the middle of {@code git worktree add}.
 *   <li><b>host-agent</b> (after terminate): two hosts, one killed while its agent runs.
 * </ul>
 */
@Tag("real-server")
class RealServerTierTest {
  private static final Duration STEP = Duration.ofMinutes(4);
  private static final String PULLS = RestartWorld.CREATE_PULL;

  @TempDir Path tmp;
  private final List<RestartWorld> worlds = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    for (RestartWorld w : worlds) {
      w.close();
      w.keepLogs(Path.of("target", "real-server-logs"));
    }
  }

  @Test
  void cyclesLoopsVisibilityAndServerKillsOnTheRealServer() throws Exception {
    assumeTrue(
        TemporalCli.find(System.getenv()).isPresent(), "no Temporal CLI: " + TemporalCli.INSTALL);
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try {
      // The hosts world waits a minute for a lost git attempt, the schedule world for minute
      // boundaries: they start first. The cli world is
      // the shortest: the worker-kill world follows it on the same thread.
      Future<Runnable> hosts = threads.submit(() -> hostsWorld());
      Future<Runnable> schedules = threads.submit(() -> scheduleWorld());
      Future<List<Runnable>> cli = threads.submit(() -> List.of(cliWorld(), workerKillWorld()));
      Future<Runnable> kills = threads.submit(() -> serverKillsWorld());
      Future<List<Runnable>> terminate =
          threads.submit(() -> List.of(terminateWorld(), hostAgentWorld()));
      List<Runnable> a = cli.get(12, TimeUnit.MINUTES);
      Runnable b = kills.get(12, TimeUnit.MINUTES);
      Runnable c = schedules.get(12, TimeUnit.MINUTES);
      List<Runnable> d = terminate.get(12, TimeUnit.MINUTES);
      Runnable e = hosts.get(12, TimeUnit.MINUTES);
      assertAll(a.get(0)::run, a.get(1)::run, b::run, c::run, d.get(0)::run, d.get(1)::run, e::run);
    } finally {
      threads.shutdownNow();
    }
  }

  private RestartWorld world(
      String name, Duration agent, int openIssues, Map<String, String> settings) throws Exception {
    RestartWorld w =
        RestartWorld.create(
            name, Files.createDirectories(tmp.resolve(name)), agent, openIssues, true, settings);
    synchronized (worlds) {
      worlds.add(w);
    }
    return w;
  }

  // ---------------------------------------------------------------------------------------------
  // cli: scenarios 1 (cycles and a loop from the temporal CLI) and 5 (visibility)

  private Runnable cliWorld() throws Exception {
    long t0 = System.nanoTime();
    RestartWorld w =
        world(
            "cli",
            Duration.ofSeconds(2),
            -1,
            Map.of(
                "TIMMY_PANES", "3", "TIMMY_MAX_DISPATCH", "3", "TIMMY_MAX_FILED_PER_CYCLE", "0"));
    WorldFacts f = w.facts;
    List<Long> issues = w.demo.issues();

    // 1a. No input: the cycle number comes from state.json (none yet: 1); phase 5 waits for the
    // first
    // landing, the other jobs go on; their results too are read with the CLI.
    String first = start(w, "--type", "TimmyCycle", "--task-queue", "timmy-loop");
    JsonNode c1 = result(w, first);
    List<Long> dispatched = longs(c1.path("dispatched"));
    List<String> jobOutcomes = new ArrayList<>();
    for (long n : dispatched)
      jobOutcomes.add(result(w, "timmy-issue-" + n).path("outcome").asText());
    int mainAfterFirst = f.mainHistory().size();
    List<JsonNode> pullsAfterFirst = f.pulls();
    long agentLinesAfterFirst = f.agentLog().size();
    String firstCounts =
        perIssue(f, issues)
            + "; stale PR merged "
            + merged(f, w.demo.stalePr())
            + ", failing PR merged "
            + merged(f, w.demo.failingPr())
            + ", repair agent starts "
            + f.agentRuns("pr-" + w.demo.failingPr(), true)
            + ", commits on main +"
            + (mainAfterFirst - w.mainBefore);

    // 1b. A dry run, from the README's --input form.
    String dry =
        start(
            w,
            "--type",
            "TimmyCycle",
            "--task-queue",
            "timmy-loop",
            "--input",
            "{\"dryRun\": true}");
    JsonNode c2 = result(w, dry);

    // 1c. The loop: three cycles with a short pause, then it returns.
    String loop =
        start(
            w,
            "--type",
            "TimmyLoop",
            "--task-queue",
            "timmy-loop",
            "--workflow-id",
            "timmy-loop",
            "--input",
            "{\"pauseSeconds\": 2, \"maxCycles\": 3}");
    JsonNode loopResult = result(w, loop);
    List<String> loopEvents = events(w, loop);
    long loopCycles = count(loopEvents, "CHILD_WORKFLOW_EXECUTION_COMPLETED");
    long loopTimers = count(loopEvents, "TIMER_FIRED");
    int mainAfterLoop = f.mainHistory().size();

    // 5. A cycle where the forge refuses phase 1's PR list (403: not retried, the phase fails) and
    // the new issue's PR (422: its job ends FAILED).
    long extra = f.issueCreated("Add a square helper", "calc.square(x) returns x * x.");
    Files.createDirectories(w.demo.fixesDir().resolve("issue-" + extra).resolve("calc"));
    Files.writeString(
        w.demo.fixesDir().resolve("issue-" + extra).resolve("calc").resolve("square.py"),
        "def square(x):\n    return x * x\n");
    w.hooks.answerNext(
        "GET", PULLS, ForgeResponse.error(403, "token rejected (test)", w.demo.baseUrl()));
    w.hooks.answerNext("POST", PULLS, ForgeResponse.error(422, "refused (test)", w.demo.baseUrl()));
    String failing =
        start(
            w,
            "--type",
            "TimmyCycle",
            "--task-queue",
            "timmy-loop",
            "--input",
            "{\"landAll\": true}");
    JsonNode c5 = result(w, failing);
    JsonNode failedJob = result(w, "timmy-issue-" + extra);
    int cycle1 = c1.path("cycle").asInt();
    int cycle5 = c5.path("cycle").asInt();

    Duration lag = Duration.ofSeconds(15);
    TreeSet<String> byCycle = listAtLeast(w, "TimmyCycle = " + cycle1, 11, lag);
    TreeSet<String> byPhase = listAtLeast(w, "TimmyPhase = \"phase-2-assess\"", 6, lag);
    long someIssue = dispatched.isEmpty() ? -1 : dispatched.get(0);
    TreeSet<String> byIssue = listAtLeast(w, "TimmyIssue = " + someIssue, 1, lag);
    TreeSet<String> byPane = listAtLeast(w, "TimmyPane = \"Kimi:0.0\"", 1, lag);
    TreeSet<String> landed = listAtLeast(w, "TimmyOutcome = \"landed\"", 3, lag);
    TreeSet<String> failed = listAtLeast(w, "TimmyOutcome = \"failed\"", 3, lag);
    TreeSet<String> failedPhase5 =
        list(w, "TimmyOutcome = \"failed\" AND TimmyPhase = \"phase-1-fix-broken-prs\"");
    TreeSet<String> noPlainName = list(w, "TimmyPhase = \"assess\"");
    w.quiesce();

    // Started without --workflow-id: the CLI made up the ids.
    String cycle1Id = first;
    String report =
        "cli world ("
            + (System.nanoTime() - t0) / 1_000_000_000L
            + " s)"
            + "\n  cycle "
            + cycle1
            + " ("
            + first
            + ", no input): "
            + c1.path("outcome").asText()
            + ", dispatched "
            + dispatched
            + ", landed in the cycle "
            + longs(c1.path("landed"))
            + ", jobs "
            + jobOutcomes
            + "\n  counted: "
            + firstCounts
            + "\n  dry run ("
            + dry
            + "): cycle "
            + c2.path("cycle").asInt()
            + " "
            + c2.path("outcome").asText()
            + ", PRs "
            + pullsAfterFirst.size()
            + "→"
            + f.pulls().size()
            + " , agent log lines "
            + agentLinesAfterFirst
            + "→(after the loop) "
            + f.agentLog().size()
            + "\n  loop: result "
            + loopResult
            + ", cycles completed "
            + loopCycles
            + ", timers fired "
            + loopTimers
            + ", main "
            + mainAfterFirst
            + "→"
            + mainAfterLoop
            + "\n  failing cycle "
            + cycle5
            + ": "
            + c5.path("outcome").asText()
            + " "
            + c5.path("failures")
            + "; job #"
            + extra
            + ": "
            + failedJob.path("outcome").asText()
            + " ("
            + failedJob.path("reason").asText()
            + ")"
            + "\n  TimmyCycle = "
            + cycle1
            + ": "
            + byCycle.size()
            + " "
            + byCycle
            + "\n  TimmyPhase = \"phase-2-assess\": "
            + byPhase.size()
            + " "
            + byPhase
            + "\n  TimmyIssue = "
            + someIssue
            + ": "
            + byIssue
            + "\n  TimmyPane = \"Kimi:0.0\": "
            + byPane.size()
            + " "
            + byPane
            + "\n  TimmyOutcome = \"landed\": "
            + landed
            + "\n  TimmyOutcome = \"failed\": "
            + failed
            + "\n  TimmyOutcome = \"failed\" AND TimmyPhase = \"phase-1-fix-broken-prs\": "
            + failedPhase5
            + "\n  TimmyPhase = \"assess\": "
            + noPlainName;
    System.out.println(report);

    Set<String> expectCycle =
        new TreeSet<>(List.of(cycle1Id, "timmy-pr-" + w.demo.failingPr() + "-repair"));
    for (String p :
        List.of(
            "1-fix-broken-prs",
            "2-assess",
            "3-fill-queue",
            "4-dispatch",
            "5-await-landings",
            "6-reflect")) {
      expectCycle.add(cycle1Id + "/phase-" + p);
    }
    for (long n : issues) expectCycle.add("timmy-issue-" + n);
    String cycle5Id = failing;
    return () ->
        assertAll(
            report,
            () -> assertEquals("ok", c1.path("outcome").asText(), "see the report"),
            () -> assertEquals(Set.copyOf(issues), Set.copyOf(dispatched), "see the report"),
            () ->
                assertEquals(List.of("LANDED", "LANDED", "LANDED"), jobOutcomes, "see the report"),
            () -> assertLandedOnce(w, issues),
            () ->
                assertTrue(
                    merged(f, w.demo.stalePr()) && merged(f, w.demo.failingPr()), "see the report"),
            () ->
                assertEquals(
                    1, f.agentRuns("pr-" + w.demo.failingPr(), true), "repair agent starts"),
            () ->
                assertEquals(
                    w.mainBefore + 5, mainAfterFirst, "3 squashes, the stale and the repaired PR"),
            () -> assertEquals("ok", c2.path("outcome").asText(), "see the report"),
            () -> assertEquals(List.of(), longs(c2.path("dispatched")), "see the report"),
            () ->
                assertEquals(
                    mainAfterFirst, mainAfterLoop, "dry run and idle loop cycles change main"),
            () ->
                assertEquals(
                    agentLinesAfterFirst + 2,
                    f.agentLog().size(),
                    "only #" + extra + "'s agent ran since"),
            () -> assertEquals(3, loopCycles, "see the report"),
            () -> assertEquals(3, loopTimers, "the pause after each cycle"),
            () -> assertEquals("failed", c5.path("outcome").asText(), "see the report"),
            () -> assertEquals("FAILED", failedJob.path("outcome").asText(), "see the report"),
            () -> assertEquals(expectCycle, byCycle, "TimmyCycle"),
            () -> assertEquals(6, byPhase.size(), "phase 2 of each of six cycles"),
            () -> assertTrue(byPhase.contains(cycle1Id + "/phase-2-assess"), "see the report"),
            () -> assertEquals(Set.of("timmy-issue-" + someIssue), byIssue, "see the report"),
            () ->
                assertTrue(
                    !byPane.isEmpty()
                        && byPane.stream()
                            .allMatch(
                                id -> id.startsWith("timmy-issue-") || id.startsWith("timmy-pr-")),
                    "see the report"),
            () ->
                assertEquals(
                    Set.copyOf(issues.stream().map(n -> "timmy-issue-" + n).toList()),
                    landed,
                    "see the report"),
            () ->
                assertEquals(
                    Set.of(cycle5Id, cycle5Id + "/phase-1-fix-broken-prs", "timmy-issue-" + extra),
                    failed,
                    "see the report"),
            () ->
                assertEquals(
                    Set.of(cycle5Id + "/phase-1-fix-broken-prs"), failedPhase5, "see the report"),
            () -> assertEquals(Set.of(), noPlainName, "TimmyPhase holds phase-<k>-<name>"));
  }

  // ---------------------------------------------------------------------------------------------
  // server-kills: scenario 3

  private Runnable serverKillsWorld() throws Exception {
    long t0 = System.nanoTime();
    RestartWorld w =
        world("server-kills", Duration.ofSeconds(15), 2, Map.of("TIMMY_MAX_FILED_PER_CYCLE", "0"));
    WorldFacts f = w.facts;
    Files.createFile(w.slowCi);
    w.startCycle(1);

    // While the agent runs.
    w.await("agent start", STEP, () -> quietly(() -> f.agentLog().size()) > 0);
    String key = quietly(() -> f.agentLog().get(0).path("key").asText());
    long a = Long.parseLong(key.replace("issue-", ""));
    Thread.sleep(2000);
    double away1 =
        w.killServer(
            "mid agent job",
            "agent starts " + f.agentRuns(key, true) + ", finished " + f.agentRuns(key, false));

    // During the merge queue's CI wait.
    w.await(
        "PR and a CI wait",
        STEP,
        () -> {
          try {
            return f.pullsFor(a).size() == 1
                && !f.marks("ci").isEmpty()
                && w.demo
                        .forge()
                        .requestCounts()
                        .getOrDefault("GET " + RestartWorld.COMBINED_STATUS, 0L)
                    > 0;
          } catch (Exception e) {
            return false;
          }
        });
    String head = f.pullsFor(a).get(0).path("head").path("sha").asText();
    String ci = f.combinedState(head);
    double away2 = w.killServer("mid CI wait", "CI on the head " + ci);
    Files.delete(w.slowCi);
    JsonNode c1 = result(w, "timmy-cycle-1");

    // During the loop's pause timer: cycle 2 lands the other issue, the server dies in the pause,
    // the timer still fires and cycle 3 runs.
    String loop =
        start(
            w,
            "--type",
            "TimmyLoop",
            "--task-queue",
            "timmy-loop",
            "--workflow-id",
            "timmy-loop",
            "--input",
            "{\"nextCycle\": 2, \"pauseSeconds\": 12, \"maxCycles\": 2, \"cycleTemplate\": {\"landAll\": true}, \"recent\": []}");
    JsonNode c2 = result(w, "timmy-cycle-2");
    w.await(
        "the loop's pause timer",
        STEP,
        () -> quietly(() -> count(events(w, loop), "TIMER_STARTED")) == 1);
    Thread.sleep(1000);
    double away3 =
        w.killServer(
            "during the loop's pause",
            "timers started 1, fired " + count(events(w, loop), "TIMER_FIRED"));
    JsonNode loopResult = result(w, loop);
    List<String> loopEvents = events(w, loop);
    JsonNode c3 = result(w, "timmy-cycle-3");
    w.quiesce();

    long b = w.demo.issues().stream().filter(n -> n != a).findFirst().orElseThrow();
    String report =
        "server-kills world ("
            + (System.nanoTime() - t0) / 1_000_000_000L
            + " s)"
            + "\n  server kills: "
            + w.serverKills
            + String.format(
                java.util.Locale.ROOT,
                "\n  server away %.1f s, %.1f s, %.1f s",
                away1,
                away2,
                away3)
            + "\n  cycle 1: "
            + c1.path("outcome").asText()
            + " landed "
            + longs(c1.path("landed"))
            + "; cycle 2: "
            + c2.path("outcome").asText()
            + " landed "
            + longs(c2.path("landed"))
            + "; cycle 3: "
            + c3.path("outcome").asText()
            + " dispatched "
            + longs(c3.path("dispatched"))
            + "\n  loop: "
            + loopResult
            + ", cycles completed "
            + count(loopEvents, "CHILD_WORKFLOW_EXECUTION_COMPLETED")
            + ", timers fired "
            + count(loopEvents, "TIMER_FIRED")
            + "\n  #"
            + a
            + ": "
            + f.summary(a, w.mainBefore)
            + "\n  #"
            + b
            + ": "
            + f.summary(b, w.mainBefore);
    System.out.println(report);
    return () ->
        assertAll(
            report,
            () -> assertEquals(3, w.serverKills.size(), "see the report"),
            () -> assertEquals("pending", ci, "CI was still running at the kill"),
            () -> assertEquals("ok", c1.path("outcome").asText(), "see the report"),
            () -> assertEquals(List.of(a), longs(c1.path("landed")), "see the report"),
            () -> assertEquals("ok", c2.path("outcome").asText(), "see the report"),
            () -> assertEquals(List.of(b), longs(c2.path("landed")), "see the report"),
            () -> assertEquals("ok", c3.path("outcome").asText(), "see the report"),
            () ->
                assertEquals(
                    2, count(loopEvents, "CHILD_WORKFLOW_EXECUTION_COMPLETED"), "see the report"),
            () -> assertEquals(2, count(loopEvents, "TIMER_FIRED"), "both pauses ended"),
            () -> assertLandedOnce(w, List.of(a, b)),
            () -> assertEquals(w.mainBefore + 2, f.mainHistory().size(), "commits on main"),
            () -> assertEquals(2, f.branchesCreated("fix/").size(), "branches pushed"),
            () -> assertEquals(List.of(), f.linkedWorktrees(), "worktrees left"),
            () -> assertEquals(List.of(), f.claims(), "claims left"));
  }

  // ---------------------------------------------------------------------------------------------
  // worker-kill: scenario 2

  /**
   * The worker SIGKILLed while the agent runs, stickiness on: the server hands the workflow task
   * waiting on the dead worker's sticky queue to the new worker after its schedule-to-start limit.
   */
  private Runnable workerKillWorld() throws Exception {
    long t0 = System.nanoTime();
    RestartWorld w =
        world("worker-kill", Duration.ofSeconds(20), 1, Map.of("TIMMY_MAX_FILED_PER_CYCLE", "0"));
    WorldFacts f = w.facts;
    String key = "issue-" + w.issue;
    w.startCycle(1);
    w.await("agent start", STEP, () -> f.agentRunsQuietly(key, true) == 1);
    Thread.sleep(2000);
    w.killWorker(
        "mid agent job",
        "agent starts " + f.agentRuns(key, true) + ", finished " + f.agentRuns(key, false));
    JsonNode c1 = result(w, "timmy-cycle-1");
    String jobId = "timmy-issue-" + w.issue;
    TreeSet<String> taskWorkers = new TreeSet<>();
    RealServerTier.eventAttributes(w, jobId, "WORKFLOW_TASK_STARTED")
        .forEach(a -> taskWorkers.add(a.path("identity").asText()));
    List<String> retried = new ArrayList<>();
    RealServerTier.eventAttributes(w, jobId, "ACTIVITY_TASK_STARTED").stream()
        .filter(a -> a.path("attempt").asInt() > 1)
        .forEach(
            a ->
                retried.add(
                    "attempt " + a.path("attempt").asInt() + " by " + a.path("identity").asText()));
    String logs = w.workerOutputs();
    w.quiesce();
    String report =
        "worker-kill world ("
            + (System.nanoTime() - t0) / 1_000_000_000L
            + " s)"
            + "\n  kills: "
            + w.kills
            + "\n  cycle 1: "
            + c1.path("outcome").asText()
            + " landed "
            + longs(c1.path("landed"))
            + "\n  issue job history: workflow tasks taken by "
            + taskWorkers
            + "; activities retried: "
            + retried
            + "\n  #"
            + w.issue
            + ": "
            + f.summary(w.issue, w.mainBefore);
    System.out.println(report);
    return () ->
        assertAll(
            report,
            () ->
                assertTrue(
                    logs.contains("timmy worker ready") && !logs.contains("sticky queues off"),
                    "stickiness on"),
            () -> assertEquals(1, w.kills.size(), "kills"),
            () ->
                assertEquals(
                    2,
                    taskWorkers.size(),
                    "the job's workflow tasks moved from the dead worker to the new one"),
            () -> assertEquals(1, retried.size(), "the agent wait, once more on the new worker"),
            () -> assertEquals("ok", c1.path("outcome").asText(), "cycle outcome"),
            () -> assertEquals(List.of(w.issue), longs(c1.path("landed")), "landed"),
            () -> assertLandedOnce(w, List.of(w.issue)),
            () -> assertEquals(w.mainBefore + 1, f.mainHistory().size(), "commits on main"),
            () -> assertEquals(List.of(), f.linkedWorktrees(), "worktrees left"),
            () -> assertEquals(List.of(), f.claims(), "claims left"));
  }

  // ---------------------------------------------------------------------------------------------
  // terminate: scenario 6

  /**
   * {@code temporal workflow terminate} on a cycle: its phase children close with it (their default
   * parent-close policy, TERMINATE), and with phase 1 its PR repair; the issue jobs are ABANDONed
   * by phase 4 and go on to land.
   */
  private Runnable terminateWorld() throws Exception {
    long t0 = System.nanoTime();
    RestartWorld w =
        world(
            "terminate",
            Duration.ofSeconds(10),
            -1,
            Map.of(
                "TIMMY_PANES", "3", "TIMMY_MAX_DISPATCH", "3", "TIMMY_MAX_FILED_PER_CYCLE", "0"));
    WorldFacts f = w.facts;
    long failingPr = w.demo.failingPr();
    String repair = "timmy-pr-" + failingPr + "-repair";

    // Cycle 1, terminated while phase 1's repair has its agent running.
    start(
        w,
        "--type",
        "TimmyCycle",
        "--task-queue",
        "timmy-loop",
        "--workflow-id",
        "timmy-cycle-1",
        "--input",
        "{\"landAll\": true}");
    w.await("the repair's agent", STEP, () -> f.agentRunsQuietly("pr-" + failingPr, true) == 1);
    w.temporal("workflow", "terminate", "-w", "timmy-cycle-1", "--reason", "terminate test");
    String[] ids1 = {"timmy-cycle-1", "timmy-cycle-1/phase-1-fix-broken-prs", repair};
    w.await(
        "cycle 1 and its children closed",
        Duration.ofSeconds(30),
        () ->
            java.util.Arrays.stream(ids1)
                .noneMatch(id -> quietly(() -> RealServerTier.status(w, id)).equals("RUNNING")));
    List<String> status1 = new ArrayList<>();
    for (String id : ids1) status1.add(RealServerTier.status(w, id));

    // Cycle 2 (the failing PR closed, so phase 1 has nothing to repair), terminated once the three
    // issue jobs have their agents running, during phase 5.
    // The terminated repair cleaned nothing up: its agent ends by itself and frees its pane.
    w.await(
        "the repair's agent ends", STEP, () -> f.agentRunsQuietly("pr-" + failingPr, false) == 1);
    f.api("PATCH", "/issues/" + failingPr, "{\"state\":\"closed\"}");
    start(
        w,
        "--type",
        "TimmyCycle",
        "--task-queue",
        "timmy-loop",
        "--workflow-id",
        "timmy-cycle-2",
        "--input",
        "{\"landAll\": true}");
    List<Long> issues = w.demo.issues();
    w.await(
        "three agents",
        STEP,
        () -> issues.stream().allMatch(n -> f.agentRunsQuietly("issue-" + n, true) == 1));
    String[] ids2 = {"timmy-cycle-2", "timmy-cycle-2/phase-5-await-landings"};
    // The jobs' agents may run before phase 4 has closed and phase 5 has started: wait for phase 5.
    w.await(
        "phase 5 running",
        STEP,
        () -> {
          try {
            return RealServerTier.status(w, ids2[1]).equals("RUNNING");
          } catch (Exception notYet) {
            return false;
          }
        });
    w.temporal("workflow", "terminate", "-w", "timmy-cycle-2", "--reason", "terminate test");
    w.await(
        "cycle 2 and phase 5 closed",
        Duration.ofSeconds(30),
        () ->
            java.util.Arrays.stream(ids2)
                .noneMatch(id -> quietly(() -> RealServerTier.status(w, id)).equals("RUNNING")));
    List<String> status2 = new ArrayList<>();
    for (String id : ids2) status2.add(RealServerTier.status(w, id));
    List<String> jobsAtTerminate = new ArrayList<>();
    for (long n : issues) jobsAtTerminate.add(RealServerTier.status(w, "timmy-issue-" + n));
    List<String> jobOutcomes = new ArrayList<>();
    for (long n : issues) jobOutcomes.add(result(w, "timmy-issue-" + n).path("outcome").asText());
    TreeSet<String> phases2 = list(w, "TimmyCycle = 2 AND TimmyPhase IS NOT NULL");
    w.quiesce();

    String report =
        "terminate world ("
            + (System.nanoTime() - t0) / 1_000_000_000L
            + " s)"
            + "\n  cycle 1 terminated mid repair: "
            + java.util.Arrays.asList(ids1)
            + " "
            + status1
            + "\n  cycle 2 terminated in phase 5: "
            + java.util.Arrays.asList(ids2)
            + " "
            + status2
            + "; its phases "
            + phases2
            + "\n  issue jobs right after: "
            + jobsAtTerminate
            + ", then "
            + jobOutcomes
            + "\n  "
            + perIssue(f, issues);
    System.out.println(report);
    return () ->
        assertAll(
            report,
            () ->
                assertEquals(
                    List.of("TERMINATED", "TERMINATED", "TERMINATED"),
                    status1,
                    "cycle 1, phase 1, repair"),
            () -> assertEquals(List.of("TERMINATED", "TERMINATED"), status2, "cycle 2, phase 5"),
            () ->
                assertTrue(
                    phases2.stream().noneMatch(id -> id.endsWith("phase-6-reflect")),
                    "no phase 6 after the end"),
            () ->
                assertEquals(
                    List.of("RUNNING", "RUNNING", "RUNNING"), jobsAtTerminate, "issue jobs go on"),
            () -> assertEquals(List.of("LANDED", "LANDED", "LANDED"), jobOutcomes, "issue jobs"),
            () -> assertLandedOnce(w, issues));
  }

  // ---------------------------------------------------------------------------------------------
  // hosts: scenario 7

  private static final java.util.regex.Pattern MOVED =
      java.util.regex.Pattern.compile("#(\\d+) moved from (Kimi:0\\.\\d@b) to (Kimi:0\\.\\d@a)");

  /**
   * Hosts a (two panes, home) and b (one pane), one issue each. b's clone has a post-checkout hook
   * that marks and sleeps, so b's worker is SIGKILLed in the middle of its job's {@code git
   * worktree add}. That attempt stops heartbeating and times out after the git activities'
   * heartbeat timeout (60 s); the server schedules the retry on b's queue, its schedule-to-start
   * limit ({@code hostTimeout}) runs out (the real server arms it on every attempt), and the job
   * moves to a.
   */
  private Runnable hostsWorld() throws Exception {
    long t0 = System.nanoTime();
    Path dir = Files.createDirectories(tmp.resolve("hosts"));
    Path mark = dir.resolve("checkout-b");
    HostsWorld hw =
        HostsWorld.create(
            "hosts",
            dir,
            Duration.ofSeconds(5),
            2,
            Duration.ofSeconds(10),
            List.of("a", "b"),
            List.of(2, 1),
            true,
            h -> slowCheckouts(h.clone("b"), mark));
    RestartWorld w = hw.world;
    synchronized (worlds) {
      worlds.add(w);
    }
    w.startCycle(1);
    w.await("b's git worktree add", STEP, () -> Files.exists(mark));
    long killedAt = System.nanoTime();
    hw.kill("b", "in its post-checkout hook: " + quietly(() -> Files.readString(mark).strip()));
    w.await(
        "the job's move to a",
        Duration.ofMinutes(8),
        () -> MOVED.matcher(quietly(() -> hw.output("a"))).find());
    long movedAfter = (System.nanoTime() - killedAt) / 1_000_000_000L;
    JsonNode c1 = result(w, "timmy-cycle-1");
    java.util.regex.Matcher move = MOVED.matcher(hw.output("a"));
    move.find();
    long moved = Long.parseLong(move.group(1));
    long stayed =
        longs(c1.path("dispatched")).stream().filter(n -> n != moved).findFirst().orElse(-1L);
    List<String> timeouts = new ArrayList<>();
    for (JsonNode a :
        RealServerTier.eventAttributes(w, "timmy-issue-" + moved, "ACTIVITY_TASK_TIMED_OUT")) {
      timeouts.add(
          a.path("failure").path("timeoutFailureInfo").path("timeoutType").asText()
              + " (retry state "
              + a.path("retryState").asText()
              + ")");
    }
    w.quiesce();
    List<Long> onA =
        hw.agentStarts("a").stream()
            .map(e -> Long.parseLong(e.path("key").asText().replace("issue-", "")))
            .toList();
    List<Long> onB =
        hw.agentStarts("b").stream()
            .map(e -> Long.parseLong(e.path("key").asText().replace("issue-", "")))
            .toList();
    String report =
        "hosts world ("
            + (System.nanoTime() - t0) / 1_000_000_000L
            + " s)"
            + "\n  kills: "
            + w.kills
            + "\n  move: "
            + move.group()
            + ", "
            + movedAfter
            + " s after the kill; the moved job's timed-out activities "
            + timeouts
            + "\n  cycle 1: "
            + c1.path("outcome").asText()
            + " dispatched "
            + longs(c1.path("dispatched"))
            + " landed "
            + longs(c1.path("landed"))
            + "\n  agent starts on a "
            + onA
            + ", on b "
            + onB
            + "; worktrees left on a "
            + quietly(() -> hw.linkedWorktrees("a").size())
            + ", on b "
            + quietly(() -> hw.linkedWorktrees("b").size())
            + "\n  "
            + perIssue(w.facts, List.of(moved, stayed));
    System.out.println(report);
    return () ->
        assertAll(
            report,
            () -> assertEquals("ok", c1.path("outcome").asText(), "cycle outcome"),
            () ->
                assertEquals(
                    Set.copyOf(longs(c1.path("dispatched"))),
                    Set.copyOf(longs(c1.path("landed"))),
                    "landed"),
            () -> assertEquals(2, longs(c1.path("landed")).size(), "landed"),
            // To an idle pane of a: after five minutes the other job there may have ended too.
            () -> assertTrue(move.group(3).endsWith("@a"), "moved to a"),
            () ->
                assertTrue(
                    timeouts.stream().anyMatch(t -> t.contains("SCHEDULE_TO_START")),
                    "schedule-to-start on b's queue"),
            // The heartbeat timeout (60 s), the retry's back-off and schedule-to-start (10 s), not
            // git's 5 min.
            () ->
                assertTrue(
                    movedAfter < 150,
                    "moved within the heartbeat timeout and hostTimeout: " + movedAfter + " s"),
            () -> assertEquals(List.of(), onB, "no agent on b (it died before)"),
            () -> assertEquals(Set.of(moved, stayed), Set.copyOf(onA), "agents on a"),
            () -> assertEquals(2, onA.size(), "agent starts on a"),
            () -> assertLandedOnce(w, List.of(moved, stayed)),
            () -> assertEquals(w.mainBefore + 2, w.facts.mainHistory().size(), "commits on main"),
            () -> assertEquals(List.of(), hw.linkedWorktrees("a"), "worktrees left on a"),
            () -> assertEquals(List.of(), w.facts.claims(), "claims left"));
  }

  /**
   * Hosts a (two panes, home) and b (one pane), one issue each; b's worker is SIGKILLed while its
   * agent runs. The agent wait stops heartbeating (20 s); the server retries it on b's queue, where
   * its schedule-to-start limit ({@code hostTimeout}, armed on every attempt by the real server)
   * runs out, and the job moves to a. The workflow schedules that wait once: the call-again loop of
   * {@code Stubs.callAgainOnLoss} is for the SDK test server only.
   */
  private Runnable hostAgentWorld() throws Exception {
    long t0 = System.nanoTime();
    HostsWorld hw =
        HostsWorld.create(
            "host-agent",
            Files.createDirectories(tmp.resolve("host-agent")),
            Duration.ofSeconds(8),
            2,
            Duration.ofSeconds(10),
            List.of("a", "b"),
            List.of(2, 1),
            true,
            h -> {});
    RestartWorld w = hw.world;
    synchronized (worlds) {
      worlds.add(w);
    }
    w.startCycle(1);
    // The agent runs and b's worker waits for it (not just dispatched it).
    w.await(
        "the agent on b",
        STEP,
        () ->
            quietly(() -> hw.agentStarts("b").size()) == 1
                && hw.printed("b", "activity Agent.AwaitJob started in timmy-issue-"));
    long onB = issueOf(quietly(() -> hw.agentStarts("b").get(0)));
    long killedAt = System.nanoTime();
    java.time.Instant killedInstant = java.time.Instant.now();
    hw.kill(
        "b", "its agent runs #" + onB + ", runs finished on b " + hw.agentRunsFinished("b").size());
    w.await("the job's move to a", STEP, () -> MOVED.matcher(quietly(() -> hw.output("a"))).find());
    long movedAfter = (System.nanoTime() - killedAt) / 1_000_000_000L;
    JsonNode c1 = result(w, "timmy-cycle-1");
    java.util.regex.Matcher move = MOVED.matcher(hw.output("a"));
    move.find();
    long stayed =
        longs(c1.path("dispatched")).stream().filter(n -> n != onB).findFirst().orElse(-1L);

    // The moved job's agent waits scheduled on b's queue, and how each ended.
    String jobId = "timmy-issue-" + onB;
    List<JsonNode> history = RealServerTier.historyEvents(w, jobId);
    List<String> waitsOnB = new ArrayList<>();
    for (JsonNode e : history) {
      JsonNode a = e.path("activityTaskScheduledEventAttributes");
      if (!a.path("activityType").path("name").asText().equals("Agent.AwaitJob")
          || !a.path("taskQueue").path("name").asText().equals("timmy-loop@b")) {
        continue;
      }
      String ended = "open";
      for (JsonNode end : history) {
        for (String kind : List.of("Completed", "Failed", "TimedOut", "Canceled")) {
          JsonNode ea = end.path("activityTask" + kind + "EventAttributes");
          if (ea.path("scheduledEventId").asLong() == e.path("eventId").asLong()) {
            ended =
                kind
                    + (kind.equals("TimedOut")
                        ? " "
                            + ea.path("failure")
                                .path("timeoutFailureInfo")
                                .path("timeoutType")
                                .asText()
                            + " (retry state "
                            + ea.path("retryState").asText()
                            + ")"
                        : "");
          }
        }
      }
      waitsOnB.add("event " + e.path("eventId").asText() + ": " + ended);
    }
    w.quiesce();
    List<JsonNode> startsA = hw.agentStarts("a");
    List<Long> onA = startsA.stream().map(RealServerTierTest::issueOf).toList();
    List<Long> startsB = hw.agentStarts("b").stream().map(RealServerTierTest::issueOf).toList();
    List<Long> finishedA =
        hw.agentRunsFinished("a").stream().map(RealServerTierTest::issueOf).toList();
    List<Long> finishedB =
        hw.agentRunsFinished("b").stream().map(RealServerTierTest::issueOf).toList();
    boolean movedStartAfterKill =
        startsA.stream()
            .filter(e -> issueOf(e) == onB)
            .allMatch(
                e ->
                    java.time.OffsetDateTime.parse(e.path("time").asText())
                        .toInstant()
                        .isAfter(killedInstant));
    String logs = w.workerOutputs();
    String report =
        "host-agent world ("
            + (System.nanoTime() - t0) / 1_000_000_000L
            + " s)"
            + "\n  kills: "
            + w.kills
            + "\n  move: "
            + move.group()
            + ", "
            + movedAfter
            + " s after the kill"
            + "\n  "
            + jobId
            + ": Agent.AwaitJob scheduled on timmy-loop@b "
            + waitsOnB.size()
            + " "
            + waitsOnB
            + "\n  cycle 1: "
            + c1.path("outcome").asText()
            + " dispatched "
            + longs(c1.path("dispatched"))
            + " landed "
            + longs(c1.path("landed"))
            + "\n  agent starts on a "
            + onA
            + ", on b "
            + startsB
            + "; finished on a "
            + finishedA
            + ", on b "
            + finishedB
            + "; worktrees left on a "
            + quietly(() -> hw.linkedWorktrees("a").size())
            + ", on b "
            + quietly(() -> hw.linkedWorktrees("b").size())
            + "\n  "
            + perIssue(w.facts, List.of(onB, stayed));
    System.out.println(report);
    return () ->
        assertAll(
            report,
            () ->
                assertTrue(
                    !logs.contains("sticky queues off"), "the workers talk to the real server"),
            () -> assertEquals("ok", c1.path("outcome").asText(), "cycle outcome"),
            () -> assertEquals(Set.of(onB, stayed), Set.copyOf(longs(c1.path("landed"))), "landed"),
            () -> assertEquals(String.valueOf(onB), move.group(1), "the job on b moved"),
            // One schedule: the server's own retry met the schedule-to-start limit on b's queue.
            () -> assertEquals(1, waitsOnB.size(), "Agent.AwaitJob scheduled on b's queue"),
            () ->
                assertTrue(
                    waitsOnB.get(0).contains("TimedOut TIMEOUT_TYPE_SCHEDULE_TO_START"),
                    "its timeout"),
            // The heartbeat timeout (20 s), the retry's back-off and schedule-to-start (10 s).
            () ->
                assertTrue(
                    movedAfter < 90,
                    "moved within the heartbeat timeout and hostTimeout: " + movedAfter + " s"),
            // The agent's own log: the cut-off run on b, then each issue once on a (#onB after the
            // kill).
            () -> assertEquals(List.of(onB), startsB, "agent starts on b"),
            () -> assertEquals(2, onA.size(), "agent starts on a"),
            () -> assertEquals(Set.of(onB, stayed), Set.copyOf(onA), "agent starts on a"),
            () -> assertTrue(movedStartAfterKill, "#" + onB + " started on a after b died"),
            () -> assertEquals(2, finishedA.size(), "agent runs finished on a"),
            () ->
                assertEquals(
                    Set.of(onB, stayed), Set.copyOf(finishedA), "agent runs finished on a"),
            () -> assertOnePrAndSquash(w, List.of(onB, stayed)),
            () -> assertEquals(w.mainBefore + 2, w.facts.mainHistory().size(), "commits on main"),
            () -> assertEquals(List.of(), hw.linkedWorktrees("a"), "worktrees left on a"),
            () -> assertEquals(List.of(), w.facts.claims(), "claims left"));
  }

  private static long issueOf(JsonNode agentEntry) {
    return Long.parseLong(agentEntry.path("key").asText().replace("issue-", ""));
  }

  /**
   * b's clone: the repository's pre-commit hook, and a post-checkout hook that marks and sleeps.
   */
  private static void slowCheckouts(Path clone, Path mark) {
    try {
      Path hooks = Files.createDirectories(clone.getParent().resolve("hooks"));
      Files.copy(clone.resolve(".githooks").resolve("pre-commit"), hooks.resolve("pre-commit"));
      Files.writeString(
          hooks.resolve("post-checkout"),
          "#!/bin/sh\necho \"$$ $PWD\" >> " + mark + "\nsleep 30\n");
      for (String h : List.of("pre-commit", "post-checkout")) {
        Files.setPosixFilePermissions(
            hooks.resolve(h), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      WorldFacts.run(clone, "git", "config", "core.hooksPath", hooks.toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // schedules: scenario 4

  private Runnable scheduleWorld() throws Exception {
    long t0 = System.nanoTime();
    // The agent outlasts the interval, so the second minute's run overlaps the first and is
    // skipped.
    RestartWorld w =
        world("schedules", Duration.ofSeconds(70), 1, Map.of("TIMMY_MAX_FILED_PER_CYCLE", "0"));
    WorldFacts f = w.facts;

    // deploy/README.md's schedule commands, as written (TEMPORAL_ADDRESS says where).
    List<List<String>> readme = readmeScheduleCommands();
    List<String> readmeRan = new ArrayList<>();
    JsonNode readmeSchedule = null;
    for (List<String> argv : readme) {
      String out = w.temporal(true, argv.subList(1, argv.size()).toArray(String[]::new));
      readmeRan.add(String.join(" ", argv.subList(0, Math.min(3, argv.size()))));
      if (argv.get(2).equals("create")) {
        readmeSchedule =
            RealServerTier.JSON.readTree(
                w.temporal(
                    "schedule", "describe", "--schedule-id", "timmy-every-15m", "-o", "json"));
      }
    }
    String afterReadme = w.temporal("schedule", "list");

    // ./timmy schedule create --every 1m: runs on minute boundaries, overlap skipped.
    RestartWorld.Ran created =
        w.timmy("schedule-create", "schedule", "create", "--every", "1m", "--id", "timmy-every-1m");
    Duration minute = Duration.ofSeconds(75);
    w.await("the first scheduled run", minute, () -> scheduleInfo(w, "actionCount") >= 1);
    w.await("a skipped overlapping run", minute, () -> scheduleInfo(w, "overlapSkipped") >= 1);
    long runningAtSkip =
        quietly(
            () ->
                list(
                        w,
                        "TemporalScheduledById = \"timmy-every-1m\" AND ExecutionStatus = \"Running\"")
                    .size());
    // Two minutes: should the first run outlast the second boundary too, that one is skipped as
    // well.
    w.await(
        "the second scheduled run",
        minute.plusMinutes(1),
        () -> scheduleInfo(w, "actionCount") >= 2);
    JsonNode info =
        RealServerTier.JSON
            .readTree(
                w.temporal("schedule", "describe", "--schedule-id", "timmy-every-1m", "-o", "json"))
            .path("info");
    RestartWorld.Ran deleted =
        w.timmy("schedule-delete", "schedule", "delete", "--id", "timmy-every-1m");
    String afterDelete = w.temporal("schedule", "list");
    TreeSet<String> runs = list(w, "TemporalScheduledById = \"timmy-every-1m\"");
    List<String> outcomes = new ArrayList<>();
    List<Long> landed = new ArrayList<>();
    for (String id : runs) {
      JsonNode r = result(w, id);
      outcomes.add(r.path("outcome").asText());
      landed.addAll(longs(r.path("landed")));
    }
    w.quiesce();

    JsonNode rs = readmeSchedule;
    String report =
        "schedules world ("
            + (System.nanoTime() - t0) / 1_000_000_000L
            + " s)"
            + "\n  README commands ran: "
            + readmeRan
            + "\n  README schedule: "
            + (rs == null
                ? "(none)"
                : rs.path("schedule")
                        .path("action")
                        .path("startWorkflow")
                        .path("workflowType")
                        .path("name")
                        .asText()
                    + " every "
                    + rs.path("schedule")
                        .path("spec")
                        .path("interval")
                        .path(0)
                        .path("interval")
                        .asText()
                    + ", id "
                    + rs.path("schedule")
                        .path("action")
                        .path("startWorkflow")
                        .path("workflowId")
                        .asText()
                    + ", "
                    + rs.path("schedule").path("policies").path("overlapPolicy").asText())
            + "\n  timmy schedule create: exit "
            + created.exit()
            + " "
            + created.output().strip()
            + "\n  schedule info at delete: actions "
            + info.path("actionCount").asLong()
            + ", overlap skipped "
            + info.path("overlapSkipped").asLong()
            + "; running at the skip "
            + runningAtSkip
            + "\n  timmy schedule delete: exit "
            + deleted.exit()
            + " "
            + deleted.output().strip()
            + "\n  schedule list after: "
            + afterDelete.strip().replace("\n", " | ")
            + "\n  runs "
            + runs
            + ": outcomes "
            + outcomes
            + ", landed "
            + landed
            + "\n  #"
            + w.issue
            + ": "
            + f.summary(w.issue, w.mainBefore);
    System.out.println(report);
    return () ->
        assertAll(
            report,
            () -> assertEquals(5, readme.size(), "README's schedule commands"),
            () ->
                assertTrue(
                    rs != null
                        && rs.path("schedule")
                            .path("action")
                            .path("startWorkflow")
                            .path("workflowType")
                            .path("name")
                            .asText()
                            .equals("TimmyCycle"),
                    "README schedule"),
            () ->
                assertEquals(
                    "SCHEDULE_OVERLAP_POLICY_SKIP",
                    rs.path("schedule").path("policies").path("overlapPolicy").asText(),
                    "README schedule"),
            () -> assertTrue(!afterReadme.contains("timmy-every-15m"), "README's delete"),
            () -> assertEquals(0, created.exit(), "timmy schedule create"),
            () -> assertEquals(0, deleted.exit(), "timmy schedule delete"),
            () -> assertTrue(info.path("actionCount").asLong() >= 2, "runs started"),
            () -> assertTrue(info.path("overlapSkipped").asLong() >= 1, "runs skipped"),
            () -> assertEquals(1, runningAtSkip, "one run going when the next was skipped"),
            () -> assertTrue(!afterDelete.contains("timmy-every-1m"), "deleted"),
            () -> assertEquals(2, runs.size(), "scheduled runs"),
            () -> assertEquals(List.of("ok", "ok"), outcomes, "outcomes"),
            () -> assertEquals(List.of(w.issue), landed, "landed"),
            () -> assertLandedOnce(w, List.of(w.issue)));
  }

  private static long scheduleInfo(RestartWorld w, String field) {
    return quietly(
        () ->
            RealServerTier.JSON
                .readTree(
                    w.temporal(
                        "schedule", "describe", "--schedule-id", "timmy-every-1m", "-o", "json"))
                .path("info")
                .path(field)
                .asLong());
  }

  /**
   * The {@code temporal schedule …} commands of deploy/README.md's schedule section, split as a
   * shell would.
   */
  static List<List<String>> readmeScheduleCommands() throws Exception {
    String md = Files.readString(Path.of("..", "deploy", "README.md"));
    int section = md.indexOf("## A cycle every 15 minutes");
    int open = md.indexOf("```bash\n", section) + "```bash\n".length();
    String block = md.substring(open, md.indexOf("```", open)).replace("\\\n", " ");
    List<List<String>> commands = new ArrayList<>();
    for (String line : block.split("\n")) {
      if (!line.strip().startsWith("temporal schedule")) continue;
      List<String> argv = new ArrayList<>();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(line);
      while (m.find())
        argv.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
      commands.add(argv);
    }
    return commands;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Per issue: the agent started once and finished once, one PR (merged), one squash commit on
   * main.
   */
  static void assertLandedOnce(RestartWorld w, List<Long> issues) throws Exception {
    WorldFacts f = w.facts;
    List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
    for (long n : issues) {
      String key = "issue-" + n;
      String seen = "#" + n + ": " + f.summary(n, w.mainBefore);
      checks.add(() -> assertEquals(1, f.agentRuns(key, true), "agent starts, " + seen));
      checks.add(() -> assertEquals(1, f.agentRuns(key, false), "agent runs finished, " + seen));
    }
    checks.add(() -> assertOnePrAndSquash(w, issues));
    assertAll(w.name, checks);
  }

  /** Per issue, counted from the forge and main: one PR (merged), one squash commit. */
  static void assertOnePrAndSquash(RestartWorld w, List<Long> issues) throws Exception {
    WorldFacts f = w.facts;
    List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
    for (long n : issues) {
      List<JsonNode> pulls = f.pullsFor(n);
      List<String> squashes =
          f.mainHistory().stream().filter(l -> l.contains("(#" + n + ")")).toList();
      String seen = "#" + n + ": " + f.summary(n, w.mainBefore);
      checks.add(() -> assertEquals(1, pulls.size(), "PRs, " + seen));
      checks.add(() -> assertTrue(pulls.get(0).path("merged").asBoolean(), "merged, " + seen));
      checks.add(() -> assertEquals(1, squashes.size(), "squash commits, " + seen));
      checks.add(
          () ->
              assertEquals(
                  1, squashes.get(0).split("\t")[0].split(" ").length, "one parent, " + seen));
    }
    assertAll(w.name, checks);
  }

  private static String perIssue(WorldFacts f, List<Long> issues) {
    StringBuilder s = new StringBuilder();
    for (long n : issues) {
      String key = "issue-" + n;
      s.append(s.length() == 0 ? "" : "; ")
          .append("#")
          .append(n)
          .append(": agent ")
          .append(quietly(() -> f.agentRuns(key, true)))
          .append("/")
          .append(quietly(() -> f.agentRuns(key, false)))
          .append(", PRs ")
          .append(quietly(() -> f.pullsFor(n).size()))
          .append(", squashes ")
          .append(
              quietly(
                  () -> f.mainHistory().stream().filter(l -> l.contains("(#" + n + ")")).count()));
    }
    return s.toString();
  }

  private static boolean merged(WorldFacts f, long pr) {
    return quietly(
        () ->
            f.pulls().stream()
                .anyMatch(p -> p.path("number").asLong() == pr && p.path("merged").asBoolean()));
  }

  interface Read<T> {
    T get() throws Exception;
  }

  static <T> T quietly(Read<T> r) {
    try {
      return r.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
