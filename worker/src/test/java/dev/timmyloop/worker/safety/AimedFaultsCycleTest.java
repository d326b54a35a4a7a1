package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.FaultMode;
import dev.timmyloop.sandbox.FaultMode.Fault;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "A faulty Gitea", aimed: the three POSTs that create or merge lose their answer
 * (LOST_REPLY: the work is done), get half of it (TRUNCATED: done too) or never arrive (DROP), each
 * kind on each POST. A whole cycle files two issues (phase 3), opens a PR per demo issue and merges
 * the three; the forge shows each of them exactly once. (The demo's two PRs are closed first: phase
 * 1 would only add time.)
 */
class AimedFaultsCycleTest {
  private static final String R = "/repos/{owner}/{repo}";
  private static final List<String> UNITTEST =
      List.of("/usr/bin/python3", "-m", "unittest", "discover", "-s", "tests", "-v");

  @TempDir java.nio.file.Path root;

  @Test
  void lostTruncatedAndDroppedPostsNeverCreateOrMergeTwice() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      for (long pr : List.of(demo.stalePr(), demo.failingPr())) close(demo, pr);
      // plain unittest instead of tox, for CI and the worker: the merges queue behind CI runs
      demo.forge().setTestCommand(demo.owner(), demo.repo(), UNITTEST);
      int mainBefore = ForgeCounts.mainCommits(demo);
      int issuesBefore = ForgeCounts.all(demo, "issues").size();
      int pullsBefore = ForgeCounts.all(demo, "pulls").size();
      // Orders chosen so every fault is used: a DROP is retried by the same activity attempt's
      // retry, a LOST_REPLY or TRUNCATED one is found done by the retry (no second POST) or, for
      // a PR, answered 409 and looked up.
      FaultMode faults =
          FaultMode.aimedOnly(demo.baseUrl())
              .aim("POST", R + "/issues", Fault.DROP, Fault.TRUNCATED, Fault.LOST_REPLY)
              .aim("POST", R + "/pulls", Fault.TRUNCATED, Fault.LOST_REPLY, Fault.DROP)
              .aim(
                  "POST",
                  R + "/pulls/{index}/merge",
                  Fault.LOST_REPLY,
                  Fault.TRUNCATED,
                  Fault.DROP);
      CycleResult result;
      // Five panes, three demo issues unclaimed: phase 3 wants two more issues.
      try (ScenarioWorld run =
          ScenarioWorld.on(
              demo, Map.of("TIMMY_PANES", "5", "TIMMY_TEST_COMMAND", String.join(" ", UNITTEST)))) {
        demo.forge().setRequestFilter(faults);
        try {
          result = run.run(1);
        } finally {
          demo.forge().setRequestFilter(null);
        }
      }
      String seen =
          result
              + "\nfaults: "
              + faults.injected()
              + ", not used: "
              + faults.aimedLeft()
              + "\nrequests: "
              + demo.forge().requestCounts();
      System.out.println(seen);
      assertEquals(Map.of(), faults.aimedLeft(), "every aimed fault happened: " + seen);
      assertEquals("ok", result.outcome(), seen);
      assertEquals(demo.issues(), result.landed().stream().sorted().toList(), seen);
      assertEquals(2, result.issuesFiled().size(), seen);

      List<JsonNode> issues = ForgeCounts.all(demo, "issues");
      assertEquals(issuesBefore + 2, issues.size(), "two issues filed, none twice: " + seen);
      assertUnique(issues, "title", "issue titles");
      List<JsonNode> pulls = ForgeCounts.all(demo, "pulls");
      assertEquals(
          pullsBefore + demo.issues().size(), pulls.size(), "one new PR per issue: " + seen);
      assertUnique(pulls, "title", "PR titles");
      Set<String> heads = new HashSet<>();
      for (JsonNode p : pulls)
        assertTrue(heads.add(p.get("head").get("ref").asText()), "one PR per branch");
      for (JsonNode p : pulls) {
        boolean ours = p.get("title").asText().startsWith("[loop-cycle-1]");
        assertEquals(ours, p.get("merged").asBoolean(), "merged only if ours: #" + p.get("number"));
      }
      // one squash commit per issue: nothing merged twice
      assertEquals(mainBefore + demo.issues().size(), ForgeCounts.mainCommits(demo), seen);
    }
  }

  private static void close(DemoScenario demo, long number) throws Exception {
    String token = Files.readString(demo.tokenFile()).trim();
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    demo.baseUrl()
                        + "/api/v1/repos/"
                        + demo.owner()
                        + "/"
                        + demo.repo()
                        + "/issues/"
                        + number))
            .header("Authorization", "token " + token)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"state\":\"closed\"}"))
            .build();
    int status =
        HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.discarding())
            .statusCode();
    assertEquals(2, status / 100, "closing #" + number + ": " + status);
  }

  private static void assertUnique(List<JsonNode> items, String field, String what) {
    Set<String> seen = new HashSet<>();
    for (JsonNode i : items)
      assertTrue(seen.add(i.get(field).asText()), "duplicate " + what + ": " + i.get(field));
  }
}
