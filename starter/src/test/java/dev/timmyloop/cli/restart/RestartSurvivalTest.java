package dev.timmyloop.cli.restart;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "Restart survival, with real processes": {@code timmy server} and {@code timmy worker}
 * run as processes; a cycle works one issue with a stand-in agent that takes a minute, and the
 * worker is SIGKILLed at each of five points and replaced by a new one. Two worlds run side by side
 * (a kill between two activities costs their start-to-close timeout, two minutes for a Gitea call):
 * one kills mid agent job, mid test run and between the push and the PR; the other mid CI wait and
 * right after the forge served the merge. Each must still land its issue exactly once, counted from
 * the forge, the agent's own log and git.
 */
@Tag("restart")
class RestartSurvivalTest {
  private static final Duration AGENT = Duration.ofSeconds(60);
  private static final Duration STEP = Duration.ofMinutes(6);

  @TempDir Path tmp;
  private final List<RestartWorld> worlds = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    for (RestartWorld w : worlds) {
      w.close();
      w.keepLogs(Path.of("target", "restart-logs"));
    }
  }

  @Test
  void aKilledWorkerAtEachStepStillLandsTheIssueExactlyOnce() throws Exception {
    // Own threads: the common pool has a single thread on a 2-core machine.
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Landing a;
    Landing b;
    try {
      Future<Landing> before = threads.submit(() -> run("before-pr", this::killsBeforeThePr));
      Future<Landing> after = threads.submit(() -> run("after-pr", this::killsAfterThePr));
      a = before.get(25, TimeUnit.MINUTES);
      b = after.get(25, TimeUnit.MINUTES);
    } finally {
      threads.shutdownNow();
    }
    System.out.println(a.report() + "\n" + b.report());
    assertAll(() -> assertLandedOnce(a), () -> assertLandedOnce(b));
    assertEquals(3, a.world.kills.size(), a.report());
    assertEquals(2, b.world.kills.size(), b.report());
    assertEquals(
        2,
        a.world.facts.issueTestRuns().size(),
        "the killed test run, then its retry: " + a.report());
  }

  /** (1) mid agent job, (2) mid test run, (3) after the branch push, before the PR exists. */
  private CycleResult killsBeforeThePr(RestartWorld w) throws Exception {
    String key = "issue-" + w.issue;
    Files.createFile(w.slowTests);
    ForgeHooks.Hook findPull = w.hooks.holdNext("GET", RestartWorld.FIND_PULL);
    w.startCycle(1);

    w.await("agent start", STEP, () -> w.facts.agentRunsQuietly(key, true) == 1);
    w.killWorker("mid agent job", "agent started, finished runs " + w.facts.agentRuns(key, false));

    w.await("test run in the worktree", STEP, () -> !w.facts.issueTestRuns().isEmpty());
    w.killWorker("mid test run", "test runs started " + w.facts.issueTestRuns().size());
    Files.delete(w.slowTests);

    if (!findPull.awaitArrived(STEP)) throw new AssertionError("no PR lookup\n" + w.diagnostics());
    List<String> pushed = w.facts.branchesCreated("fix/");
    int pulls = w.facts.pullsFor(w.issue).size();
    w.killWorker(
        "after push, before PR", "branches pushed " + pushed + ", PRs for the issue " + pulls);
    assertEquals(1, pushed.size(), "the branch was pushed before the kill");
    assertEquals(0, pulls, "no PR before the kill");
    findPull.release();
    return w.awaitCycle(1, Duration.ofMinutes(15));
  }

  /** (4) mid CI wait, (5) right after the forge served the merge (its answer is lost). */
  private CycleResult killsAfterThePr(RestartWorld w) throws Exception {
    Files.createFile(w.slowCi);
    CountDownLatch killed = new CountDownLatch(1);
    w.hooks.afterServed(
        "POST",
        RestartWorld.MERGE,
        () -> {
          try {
            w.killWorkerOnly("after the merge was served", "merged " + mergedPulls(w));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          } finally {
            killed.countDown();
          }
        });
    w.startCycle(1);

    w.await(
        "PR and a CI wait",
        STEP,
        () -> {
          try {
            return w.facts.pullsFor(w.issue).size() == 1
                && !w.facts.marks("ci").isEmpty()
                && w.demo
                        .forge()
                        .requestCounts()
                        .getOrDefault("GET " + RestartWorld.COMBINED_STATUS, 0L)
                    > 0;
          } catch (Exception e) {
            return false;
          }
        });
    String head = w.facts.pullsFor(w.issue).get(0).path("head").path("sha").asText();
    String ci = w.facts.combinedState(head);
    w.killWorker("mid CI wait", "CI on the head " + ci);
    assertEquals("pending", ci, "CI was still running at the kill");
    Files.delete(w.slowCi);

    if (!killed.await(STEP.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no merge call\n" + w.diagnostics());
    }
    assertTrue(
        w.kills.get(1).contains("exit 137; merged 1"), "SIGKILLed after the merge: " + w.kills);
    w.startWorker();
    return w.awaitCycle(1, Duration.ofMinutes(15));
  }

  private static String mergedPulls(RestartWorld w) {
    try {
      return String.valueOf(
          w.facts.pullsFor(w.issue).stream().filter(p -> p.path("merged").asBoolean()).count());
    } catch (Exception e) {
      return "?";
    }
  }

  private interface Script {
    CycleResult run(RestartWorld world) throws Exception;
  }

  private record Landing(RestartWorld world, CycleResult result, long seconds) {
    String report() {
      return world.name
          + " ("
          + seconds
          + " s): "
          + result
          + "\n  kills: "
          + world.kills
          + "\n  counted: "
          + world.facts.summary(world.issue, world.mainBefore);
    }
  }

  private Landing run(String name, Script script) {
    long start = System.nanoTime();
    try {
      RestartWorld w = RestartWorld.create(name, Files.createDirectories(tmp.resolve(name)), AGENT);
      synchronized (worlds) {
        worlds.add(w);
      }
      CycleResult result = script.run(w);
      w.quiesce();
      return new Landing(w, result, (System.nanoTime() - start) / 1_000_000_000L);
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed", e);
    }
  }

  /**
   * The cycle landed the issue; the agent started once and finished once (its own log); one branch
   * was pushed and one PR opened for it; main has exactly one more commit, a squash (one parent)
   * naming the issue; no worktree and no claim is left.
   */
  private static void assertLandedOnce(Landing l) throws Exception {
    RestartWorld w = l.world;
    WorldFacts f = w.facts;
    String key = "issue-" + w.issue;
    String report = l.report();
    List<JsonNode> pulls = f.pullsFor(w.issue);
    List<String> squashes =
        f.mainHistory().stream().filter(line -> line.contains("(#" + w.issue + ")")).toList();
    assertAll(
        w.name,
        () -> assertEquals("ok", l.result.outcome(), report),
        () -> assertEquals(List.of(w.issue), l.result.landed(), report),
        () -> assertEquals(1, f.agentRuns(key, true), "agent starts: " + report),
        () -> assertEquals(1, f.agentRuns(key, false), "agent runs finished: " + report),
        () ->
            assertEquals(
                1,
                f.branchesCreated("fix/").size(),
                "branches pushed: " + f.branchesCreated("fix/")),
        () -> assertEquals(1, pulls.size(), "PRs for the issue: " + pulls),
        () -> assertTrue(pulls.get(0).path("merged").asBoolean(), "PR merged: " + pulls),
        () -> assertEquals(w.mainBefore + 1, f.mainHistory().size(), "commits on main"),
        () -> assertEquals(1, squashes.size(), "commits on main for the issue: " + squashes),
        () ->
            assertEquals(
                1,
                squashes.get(0).split("\t")[0].split(" ").length,
                "a squash commit: " + squashes),
        () -> assertEquals(List.of(), f.linkedWorktrees(), "worktrees left"),
        () -> assertEquals(List.of(), f.claims(), "claims left"));
  }
}
