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
 * each host. Worker b is SIGKILLed while its agent runs and stays dead: after the heartbeat timeout
 * the retry of b's agent wait is not picked up within {@code TIMMY_HOST_TIMEOUT}, so the job moves
 * to a's idle pane and lands there. Counted from the forge, git, the agent's own log and the workers'
 * output.
 */
@Tag("restart")
class SeveralHostProcessesTest {
  private static final Duration AGENT = Duration.ofSeconds(30);
  private static final Duration HOST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STEP = Duration.ofMinutes(4);
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
    hosts = HostsWorld.create("hosts", tmp, AGENT, 2, HOST_TIMEOUT, List.of("a", "b"), List.of(2, 1));
    RestartWorld w = hosts.world;
    w.startCycle(1);

    w.await("an agent start on each host", STEP,
        () -> hosts.agentStarts("a").size() == 1 && hosts.agentStarts("b").size() == 1);
    long moved = issueOf(hosts.agentStarts("b").get(0));
    long stayed = issueOf(hosts.agentStarts("a").get(0));
    Instant killedAt = Instant.now();
    hosts.kill("b", "agent for #" + moved + " running on b, finished runs " + hosts.agentRunsFinished("b").size());

    CycleResult result = w.awaitCycle(1, Duration.ofMinutes(10));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    String workerA = w.diagnostics();
    Matcher move = MOVED.matcher(hosts.output("a"));
    String report = report(result, seconds, moved, stayed, move);
    System.out.println(report);

    String dispatch = result.phases().get(3).summary();
    List<JsonNode> startsA = hosts.agentStarts("a");
    assertAll(
        () -> assertEquals("ok", result.outcome(), report),
        () -> assertEquals(Set.of(moved, stayed), Set.copyOf(result.dispatched()), report),
        () -> assertEquals(2, result.dispatched().size(), "dispatched once each: " + report),
        () -> assertEquals(Set.of(moved, stayed), Set.copyOf(result.landed()), report),
        // One pane of each host in the same cycle (idle panes are taken in turn from each host).
        () -> assertTrue(dispatch.contains("#" + stayed + "→Kimi:0.0@a"), dispatch),
        () -> assertTrue(dispatch.contains("#" + moved + "→Kimi:0.0@b"), dispatch),
        // The move, after b's worker was gone, to a's other pane (a's first holds #stayed).
        () -> assertTrue(move.find(), "no move in worker a's output:\n" + workerA),
        () -> assertEquals(String.valueOf(moved), move.group(1), report),
        () -> assertEquals("Kimi:0.1@a", move.group(3), report),
        // The agent's own log: #moved started once on b, then once on a (after the kill); #stayed
        // once on a; nothing else anywhere.
        () -> assertEquals(List.of(moved), issues(hosts.agentStarts("b")), report),
        () -> assertEquals(List.of(stayed, moved), issues(startsA), report),
        () -> assertTrue(startedAt(startsA.get(1)).isAfter(killedAt), "#" + moved + " on a before b died: " + report),
        () -> assertEquals(Set.of(stayed, moved), Set.copyOf(issues(hosts.agentRunsFinished("a"))), report),
        () -> assertEquals(2, hosts.agentRunsFinished("a").size(), report),
        () -> assertLandedOnce(w, moved),
        () -> assertLandedOnce(w, stayed),
        () -> assertEquals(w.mainBefore + 2, w.facts.mainHistory().size(), "commits on main: " + report),
        () -> assertEquals(2, w.facts.branchesCreated("fix/").size(), "branches pushed (none from b): " + report),
        () -> assertEquals(List.of(), hosts.linkedWorktrees("a"), "worktrees left on a"),
        // b's worktree of the moved job stays: nothing reaches b while its worker is gone (README).
        () -> assertEquals(1, hosts.linkedWorktrees("b").size(), "worktrees left on b: " + hosts.linkedWorktrees("b")),
        () -> assertTrue(hosts.linkedWorktrees("b").get(0).contains("/host-b/worktrees/fix-" + moved + "-"),
            hosts.linkedWorktrees("b").toString()),
        () -> assertEquals(List.of(), w.facts.claims(), "claims left"));
  }

  /** One PR for the issue, merged; one squash commit (one parent) on main naming it. */
  private static void assertLandedOnce(RestartWorld w, long issue) throws Exception {
    List<JsonNode> pulls = w.facts.pullsFor(issue);
    List<String> squashes = w.facts.mainHistory().stream().filter(l -> l.contains("(#" + issue + ")")).toList();
    assertEquals(1, pulls.size(), "PRs for #" + issue + ": " + pulls);
    assertTrue(pulls.get(0).path("merged").asBoolean(), "PR merged: " + pulls);
    assertEquals(1, squashes.size(), "commits on main for #" + issue + ": " + squashes);
    assertEquals(1, squashes.get(0).split("\t")[0].split(" ").length, "a squash commit: " + squashes);
  }

  private String report(CycleResult result, long seconds, long moved, long stayed, Matcher move) {
    RestartWorld w = hosts.world;
    String moveLine = move.find() ? move.group() : "(no move logged)";
    move.reset();
    return "several hosts (" + seconds + " s): " + result
        + "\n  kills: " + w.kills
        + "\n  move: " + moveLine
        + "\n  agent starts on a " + issues(hosts.agentStarts("a"))
        + ", on b " + issues(hosts.agentStarts("b"))
        + "; finished on a " + issues(hosts.agentRunsFinished("a"))
        + ", on b " + issues(hosts.agentRunsFinished("b"))
        + "\n  #" + moved + " (moved): " + w.facts.summary(moved, w.mainBefore)
        + "\n  #" + stayed + ": " + w.facts.summary(stayed, w.mainBefore)
        + "\n  worktrees on b: " + quietly(() -> hosts.linkedWorktrees("b"));
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
