package dev.timmyloop.cli.restart;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "Several hosts", with real processes: two {@code timmy worker} processes claim hosts a
 * (two panes, the home host) and b (one pane). One cycle dispatches two issues, one to a pane of
 * each host. Worker b is SIGKILLed after phase 2 saw its pane, before b's job has touched b, and
 * stays dead: the job's first activity on b is not picked up within {@code TIMMY_HOST_TIMEOUT}, so
 * the job moves to a's idle pane and lands there. Counted from the forge, git, the agent's own log
 * and the workers' output.
 *
 * <p>The second test kills b while its agent runs: the wait for the agent stops heartbeating, the
 * workflow calls it again (with several hosts each call is one attempt, because the embedded server
 * arms the schedule-to-start limit on first attempts only), nobody on b picks it up, and the job
 * starts again on a.
 */
@Tag("restart")
class SeveralHostProcessesTest {
  private static final Duration AGENT = Duration.ofSeconds(20);
  private static final Duration HOST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STEP = Duration.ofMinutes(4);
  private static final String GET_ISSUE = "/repos/{owner}/{repo}/issues/{index}";
  private static final Pattern TO_B = Pattern.compile("#(\\d+)→Kimi:0\\.0@b");
  private static final Pattern MOVED =
      Pattern.compile("#(\\d+) moved from (Kimi:0\\.\\d@b) to (Kimi:0\\.\\d@a)");

  @TempDir Path tmp;
  private HostsWorld hosts;

  @AfterEach
  void stopEverything() {
    if (hosts != null) {
      hosts.close();
      hosts.world.keepLogs(Path.of("target", "restart-logs"));
    }
  }

  @Test
  void twoHostsShareACycleAndTheJobOfALostHostLandsOnTheOther() throws Exception {
    long start = System.nanoTime();
    hosts =
        HostsWorld.create("hosts", tmp, AGENT, 2, HOST_TIMEOUT, List.of("a", "b"), List.of(2, 1));
    RestartWorld w = hosts.world;
    // b dies once phase 2 has looked at its pane (so phase 4 gives it a job), before that job's
    // first activity: the jobs first ask the forge for their issue, and are held there meanwhile.
    List<ForgeHooks.Hook> jobs =
        List.of(w.hooks.holdNext("GET", GET_ISSUE), w.hooks.holdNext("GET", GET_ISSUE));
    w.startCycle(1);
    w.await("phase 2 on b", STEP, () -> hosts.printed("b", "activity Tmux.EnsureSession done"));
    Thread.sleep(500); // its completion reaches the server
    Instant killedAt = Instant.now();
    hosts.kill(
        "b",
        "phase 2 saw its pane; jobs at the forge "
            + jobs.stream().filter(ForgeHooks.Hook::hasArrived).count());
    jobs.forEach(ForgeHooks.Hook::release);

    CycleResult result = w.awaitCycle(1, Duration.ofMinutes(8));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    w.quiesce();
    String dispatch = result.phases().get(3).summary();
    Matcher toB = TO_B.matcher(dispatch);
    long moved = toB.find() ? Long.parseLong(toB.group(1)) : -1;
    long stayed = result.dispatched().stream().filter(n -> n != moved).findFirst().orElse(-1L);
    Matcher move = MOVED.matcher(hosts.output("a"));
    boolean moveLogged = move.find();
    String report =
        report(result, seconds, moved, stayed, moveLogged ? move.group() : "(no move logged)");
    System.out.println(report);

    List<JsonNode> startsA = hosts.agentStarts("a");
    assertAll(
        () -> assertEquals("ok", result.outcome(), report),
        () ->
            assertEquals(
                Set.copyOf(w.demo.issues().subList(0, 2)), Set.copyOf(result.dispatched()), report),
        () -> assertEquals(2, result.dispatched().size(), "dispatched once each: " + report),
        () -> assertEquals(Set.copyOf(result.dispatched()), Set.copyOf(result.landed()), report),
        // One pane of each host in the same cycle (idle panes are taken in turn from each host).
        () -> assertTrue(dispatch.contains("#" + stayed + "→Kimi:0.0@a"), dispatch),
        () -> assertTrue(moved > 0, "nothing dispatched to b: " + dispatch),
        // b's job moved after the schedule-to-start limit, to a's other pane (a's first holds
        // #stayed).
        () -> assertTrue(moveLogged, "no move in worker a's output:\n" + w.diagnostics()),
        () -> assertEquals(String.valueOf(moved), move.group(1), report),
        () -> assertEquals("Kimi:0.1@a", move.group(3), report),
        // The agent's own log: each issue started once and finished once, both on a, #moved after
        // b was killed; nothing ran on b.
        () -> assertEquals(List.of(), issues(hosts.agentStarts("b")), report),
        () -> assertEquals(Set.of(stayed, moved), Set.copyOf(issues(startsA)), report),
        () -> assertEquals(2, startsA.size(), "agent starts on a: " + report),
        () ->
            assertEquals(
                2, hosts.agentRunsFinished("a").size(), "agent runs finished on a: " + report),
        () ->
            assertTrue(
                startsA.stream()
                    .filter(e -> issueOf(e) == moved)
                    .allMatch(e -> startedAt(e).isAfter(killedAt)),
                "#" + moved + " started before b died: " + report),
        () -> assertLandedOnce(w, moved),
        () -> assertLandedOnce(w, stayed),
        () ->
            assertEquals(
                w.mainBefore + 2, w.facts.mainHistory().size(), "commits on main: " + report),
        () -> assertEquals(2, w.facts.branchesCreated("fix/").size(), "branches pushed: " + report),
        () -> assertEquals(List.of(), hosts.linkedWorktrees("a"), "worktrees left on a"),
        () ->
            assertEquals(
                List.of(), hosts.linkedWorktrees("b"), "worktrees on b (its job never reached it)"),
        () -> assertEquals(List.of(), w.facts.claims(), "claims left"));
  }

  @Test
  void aHostLostWhileItsAgentRunsHandsTheJobToTheOther() throws Exception {
    long start = System.nanoTime();
    hosts =
        HostsWorld.create("mid-job", tmp, AGENT, 2, HOST_TIMEOUT, List.of("a", "b"), List.of(2, 1));
    RestartWorld w = hosts.world;
    w.startCycle(1);
    w.await("the agent on b", STEP, () -> quietly(() -> hosts.agentStarts("b").size()).equals(1));
    Instant killedAt = Instant.now();
    long onB = issueOf(hosts.agentStarts("b").get(0));
    hosts.kill("b", "its agent runs #" + onB);

    CycleResult result = w.awaitCycle(1, Duration.ofMinutes(8));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    w.quiesce();
    long stayed = result.dispatched().stream().filter(n -> n != onB).findFirst().orElse(-1L);
    Matcher move = MOVED.matcher(hosts.output("a"));
    boolean moveLogged = move.find();
    String report =
        report(result, seconds, onB, stayed, moveLogged ? move.group() : "(no move logged)");
    System.out.println(report);

    List<JsonNode> startsA = hosts.agentStarts("a");
    assertAll(
        () -> assertEquals("ok", result.outcome(), report),
        () -> assertEquals(2, result.dispatched().size(), "dispatched once each: " + report),
        () -> assertEquals(Set.copyOf(result.dispatched()), Set.copyOf(result.landed()), report),
        () -> assertTrue(moveLogged, "no move in worker a's output:\n" + w.diagnostics()),
        () -> assertEquals(String.valueOf(onB), move.group(1), report),
        // The agent's own logs: one start on b (the attempt that was cut off), then one on a after
        // the kill; the other issue once on a.
        () -> assertEquals(List.of(onB), issues(hosts.agentStarts("b")), report),
        () -> assertEquals(2, startsA.size(), "agent starts on a: " + report),
        () -> assertEquals(Set.of(stayed, onB), Set.copyOf(issues(startsA)), report),
        () ->
            assertTrue(
                startsA.stream()
                    .filter(e -> issueOf(e) == onB)
                    .allMatch(e -> startedAt(e).isAfter(killedAt)),
                "#" + onB + " started on a before b died: " + report),
        () -> assertLandedOnce(w, onB),
        () -> assertLandedOnce(w, stayed),
        () ->
            assertEquals(
                w.mainBefore + 2, w.facts.mainHistory().size(), "commits on main: " + report),
        () -> assertEquals(List.of(), hosts.linkedWorktrees("a"), "worktrees left on a"),
        // Nothing is sent to a lost host, so its worktree of the cut-off attempt stays (README).
        () -> assertEquals(1, hosts.linkedWorktrees("b").size(), "worktrees on b: " + report),
        () -> assertEquals(List.of(), w.facts.claims(), "claims left"));
  }

  /** One PR for the issue, merged; one squash commit (one parent) on main naming it. */
  private static void assertLandedOnce(RestartWorld w, long issue) throws Exception {
    List<JsonNode> pulls = w.facts.pullsFor(issue);
    List<String> squashes =
        w.facts.mainHistory().stream().filter(l -> l.contains("(#" + issue + ")")).toList();
    assertEquals(1, pulls.size(), "PRs for #" + issue + ": " + pulls);
    assertTrue(pulls.get(0).path("merged").asBoolean(), "PR merged: " + pulls);
    assertEquals(1, squashes.size(), "commits on main for #" + issue + ": " + squashes);
    assertEquals(
        1, squashes.get(0).split("\t")[0].split(" ").length, "a squash commit: " + squashes);
  }

  private String report(
      CycleResult result, long seconds, long moved, long stayed, String moveLine) {
    RestartWorld w = hosts.world;
    return "several hosts ("
        + seconds
        + " s): "
        + result
        + "\n  kills: "
        + w.kills
        + "\n  move: "
        + moveLine
        + "\n  agent starts on a "
        + quietly(() -> issues(hosts.agentStarts("a")))
        + ", on b "
        + quietly(() -> issues(hosts.agentStarts("b")))
        + "; finished on a "
        + quietly(() -> issues(hosts.agentRunsFinished("a")))
        + ", on b "
        + quietly(() -> issues(hosts.agentRunsFinished("b")))
        + "\n  #"
        + moved
        + " (moved): "
        + w.facts.summary(moved, w.mainBefore)
        + "\n  #"
        + stayed
        + ": "
        + w.facts.summary(stayed, w.mainBefore)
        + "\n  worktrees on b: "
        + quietly(() -> hosts.linkedWorktrees("b"));
  }

  private static List<Long> issues(List<JsonNode> agentEntries) {
    return agentEntries.stream().map(SeveralHostProcessesTest::issueOf).toList();
  }

  private static long issueOf(JsonNode agentEntry) {
    return Long.parseLong(agentEntry.path("key").asText().replace("issue-", ""));
  }

  private static Instant startedAt(JsonNode agentEntry) {
    return OffsetDateTime.parse(agentEntry.path("time").asText()).toInstant();
  }

  private interface Read {
    Object get() throws Exception;
  }

  private static Object quietly(Read r) {
    try {
      return r.get();
    } catch (Exception e) {
      return "(" + e + ")";
    }
  }
}
