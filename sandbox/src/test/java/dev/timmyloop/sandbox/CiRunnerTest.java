package dev.timmyloop.sandbox;

import static dev.timmyloop.sandbox.TestApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiRunnerTest {
  @TempDir Path tmp;
  ForgeFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new ForgeFixture(tmp);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /** The statuses of a sha, oldest first. */
  private JsonNode history(String sha) {
    JsonNode newestFirst = expect(200, fx.api.get(fx.repoPath() + "/commits/" + sha + "/statuses"));
    var out = TestApi.JSON.createArrayNode();
    for (int i = newestFirst.size() - 1; i >= 0; i--) out.add(newestFirst.get(i));
    return out;
  }

  @Test
  void aPushPostsPendingThenSuccessWithALinkToTheLog() throws Exception {
    String sha =
        fx.pushBranch(
            "fix/green", "tests/test_more.py", ForgeFixture.OK_TEST.replace("OkTest", "MoreTest"));
    fx.awaitCi();
    JsonNode h = history(sha);
    assertEquals(2, h.size(), h.toString());
    assertEquals("pending", h.get(0).get("status").asText());
    assertEquals("success", h.get(1).get("status").asText());
    assertEquals("Tests / test (push)", h.get(1).get("context").asText());
    String target = h.get(1).get("target_url").asText();
    assertTrue(target.startsWith(fx.forge.baseUrl() + "/timmy/t/actions/runs/"), target);

    // The Gitea way from a sha to its log: runs?head_sha → run's jobs → job logs.
    JsonNode runs = expect(200, fx.api.get(fx.repoPath() + "/actions/runs?head_sha=" + sha));
    assertEquals(1, runs.get("total_count").asInt());
    long runId = runs.get("workflow_runs").get(0).get("id").asLong();
    assertEquals("success", runs.get("workflow_runs").get(0).get("conclusion").asText());
    JsonNode jobs = expect(200, fx.api.get(fx.repoPath() + "/actions/runs/" + runId + "/jobs"));
    long jobId = jobs.get("jobs").get(0).get("id").asLong();
    HttpResponse<String> logs = fx.api.get(fx.repoPath() + "/actions/jobs/" + jobId + "/logs");
    assertEquals(200, logs.statusCode());
    assertTrue(logs.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertTrue(logs.body().contains("test_ok") && logs.body().contains("exit code 0"), logs.body());
  }

  @Test
  void aPushWithABrokenTestPostsFailureAndKeepsTheLog() throws Exception {
    String sha = fx.pushBranch("fix/red", "tests/test_bad.py", ForgeFixture.FAILING_TEST);
    fx.awaitCi();
    JsonNode h = history(sha);
    assertEquals("pending", h.get(0).get("status").asText());
    assertEquals("failure", h.get(1).get("status").asText());
    JsonNode combined = expect(200, fx.api.get(fx.repoPath() + "/commits/fix%2Fred/status"));
    assertEquals("failure", combined.get("state").asText());
    assertEquals(sha, combined.get("sha").asText());
    long runId =
        expect(200, fx.api.get(fx.repoPath() + "/actions/runs?head_sha=" + sha))
            .get("workflow_runs")
            .get(0)
            .get("id")
            .asLong();
    String log = fx.api.get(fx.repoPath() + "/actions/jobs/" + runId + "/logs").body();
    assertTrue(log.contains("AssertionError: 1 != 2"), log);
  }

  @Test
  void runnersRunAtOnceAndEachRunLastsAtLeastTheDelay() throws Exception {
    fx.forge.setCi(3, Duration.ofSeconds(3));
    for (String b : List.of("fix/p1", "fix/p2", "fix/p3")) fx.pushBranch(b, b + ".txt", b);
    // three runners: all three runs are in progress together at some point
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    int most = 0;
    while (most < 3 && System.nanoTime() < deadline) {
      JsonNode running =
          expect(200, fx.api.get(fx.repoPath() + "/actions/runs?status=in_progress"));
      most = Math.max(most, running.get("total_count").asInt());
      Thread.sleep(50);
    }
    assertEquals(3, most, "runs in progress together");
    fx.awaitCi();
    JsonNode runs = expect(200, fx.api.get(fx.repoPath() + "/actions/runs?status=success"));
    for (JsonNode run : runs.get("workflow_runs")) {
      if (!run.get("head_branch").asText().startsWith("fix/p")) continue;
      Duration took =
          Duration.between(
              Instant.parse(run.get("started_at").asText()),
              Instant.parse(run.get("completed_at").asText()));
      assertTrue(took.compareTo(Duration.ofSeconds(3)) >= 0, "run took " + took + ": " + run);
    }
    assertThrows(IllegalArgumentException.class, () -> fx.forge.setCi(0, Duration.ZERO));
  }

  /** Gitea cancels the unfinished runs of a branch on a push to it (CancelPreviousJobs). */
  @Test
  void aPushCancelsTheUnfinishedRunsOfItsBranchOnly() throws Exception {
    fx.forge.setCi(1, Duration.ofSeconds(3));
    String running = fx.pushBranch("fix/c", "c.txt", "1");
    String other = fx.pushBranch("fix/other", "o.txt", "o");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline
        && expect(200, fx.api.get(fx.repoPath() + "/actions/runs?status=in_progress"))
                .get("total_count")
                .asInt()
            == 0) {
      Thread.sleep(20);
    }
    String queued = fx.pushBranch("fix/c", "c.txt", "2");
    String last = fx.pushBranch("fix/c", "c.txt", "3");
    fx.awaitCi();

    for (String sha : List.of(running, queued)) {
      JsonNode h = history(sha);
      assertEquals("failure", h.get(h.size() - 1).get("status").asText(), h.toString());
      assertEquals("Has been cancelled", h.get(h.size() - 1).get("description").asText());
      JsonNode run =
          expect(200, fx.api.get(fx.repoPath() + "/actions/runs?head_sha=" + sha))
              .get("workflow_runs")
              .get(0);
      assertEquals("cancelled", run.get("conclusion").asText(), run.toString());
    }
    for (String sha : List.of(other, last)) {
      JsonNode h = history(sha);
      assertEquals("success", h.get(h.size() - 1).get("status").asText(), sha + ": " + h);
    }
  }

  @Test
  void pushesToMainRunCiToo() throws Exception {
    String sha = fx.pushMain("README.md", "hello\n");
    fx.awaitCi();
    assertEquals(
        "success",
        expect(200, fx.api.get(fx.repoPath() + "/commits/" + sha + "/status"))
            .get("state")
            .asText());
  }

  @Test
  void withCiOffOnMainOnlyOtherBranchesRunIt() throws Exception {
    fx.forge.setCiOnDefaultBranch("timmy", "t", false);
    String main = fx.pushMain("README.md", "hello\n");
    String branch = fx.pushBranch("fix/d", "d.txt", "d");
    fx.awaitCi();
    assertEquals(
        0,
        expect(200, fx.api.get(fx.repoPath() + "/commits/" + main + "/statuses")).size(),
        "no run on main");
    assertEquals(
        "success",
        expect(200, fx.api.get(fx.repoPath() + "/commits/" + branch + "/status"))
            .get("state")
            .asText());
  }

  @Test
  void stopCiLetsTheRunningRunFinishThenRunsNothingMore() throws Exception {
    fx.forge.setTestCommand(
        "timmy", "t", List.of("sh", "-c", "sleep 1; python3 -m unittest discover -s tests"));
    String sha =
        fx.pushBranch(
            "fix/slow", "tests/test_more.py", ForgeFixture.OK_TEST.replace("OkTest", "MoreTest"));
    // the push is picked up by stopCi itself, not by a wait before it
    assertTrue(fx.forge.stopCi(Duration.ofMinutes(2)), "the run finished by itself");
    assertEquals(
        "success",
        expect(200, fx.api.get(fx.repoPath() + "/commits/" + sha + "/status"))
            .get("state")
            .asText());
    assertEquals(List.of(), ciCheckouts(), "the run's checkout is gone");

    String later =
        fx.pushBranch(
            "fix/later",
            "tests/test_later.py",
            ForgeFixture.OK_TEST.replace("OkTest", "LaterTest"));
    assertTrue(fx.forge.awaitCiIdle(Duration.ofSeconds(30)));
    assertEquals(0, history(later).size(), "no run after stopCi: " + history(later));
  }

  @Test
  void stopCiCancelsARunThatOutlastsItsLimitAndWaitsForIt() throws Exception {
    fx.forge.setTestCommand("timmy", "t", List.of("sh", "-c", "sleep 300"));
    fx.pushBranch(
        "fix/hang", "tests/test_more.py", ForgeFixture.OK_TEST.replace("OkTest", "MoreTest"));
    long start = System.nanoTime();
    assertFalse(fx.forge.stopCi(Duration.ofSeconds(2)), "the run was cancelled");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(60).toNanos());
    assertEquals(List.of(), ciCheckouts(), "the cancelled run's checkout is gone");
  }

  private List<Path> ciCheckouts() throws Exception {
    Path ci = tmp.resolve("forge/forge-state/ci");
    if (!Files.exists(ci)) return List.of();
    try (var s = Files.list(ci)) {
      return s.toList();
    }
  }
}
