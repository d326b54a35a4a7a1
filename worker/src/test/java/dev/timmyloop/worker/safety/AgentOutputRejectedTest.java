package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "Hostile input": an agent that edits a protected path (tox.ini) or deletes a test is
 * rejected; nothing of it is committed, pushed or proposed.
 */
class AgentOutputRejectedTest {
  @TempDir Path root;

  @Test
  void editingToxIniOrDeletingATestNeverLands() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      for (long n : demo.issues()) close(demo, n); // only the two bad jobs are dispatched
      long tox =
          demo.forge()
              .createIssue(demo.owner(), demo.repo(), "Speed up the tests", "Make tox faster.");
      long del =
          demo.forge()
              .createIssue(
                  demo.owner(), demo.repo(), "Flaky stats test", "Fix the flaky stats test.");
      Path toxRecipe = Files.createDirectories(demo.fixesDir().resolve("issue-" + tox));
      Files.writeString(
          toxRecipe.resolve("tox.ini"), "[tox]\nskipsdist = true\n# the agent was here\n");
      Path delRecipe =
          Files.createDirectories(demo.fixesDir().resolve("issue-" + del).resolve("tests"));
      Files.writeString(delRecipe.resolve("test_stats.py.delete"), "");
      String toxOnMain = ForgeCounts.run(demo, "git", "show", "origin/main:tox.ini");
      int mainBefore = ForgeCounts.mainCommits(demo);

      CycleResult result;
      try (ScenarioWorld run = ScenarioWorld.on(demo, Map.of())) {
        result = run.run(1);
        run.quiesce(); // no job still adds to its history
        // rejected for the right reason: the job's history names the offending path
        String toxJob = "", delJob = "";
        for (var info : run.executions()) {
          String id = info.getExecution().getWorkflowId();
          if (id.equals("timmy-issue-" + tox)) toxJob += run.historyJson(info);
          if (id.equals("timmy-issue-" + del)) delJob += run.historyJson(info);
        }
        assertTrue(toxJob.contains("tox.ini"), "the tox.ini job was rejected for tox.ini");
        assertTrue(delJob.contains("test_stats.py"), "the deleting job was rejected for the test");
      }
      String seen = result.toString();
      assertTrue(result.dispatched().containsAll(List.of(tox, del)), seen);
      assertFalse(result.landed().contains(tox), seen);
      assertFalse(result.landed().contains(del), seen);
      for (JsonNode pr : ForgeCounts.all(demo, "pulls")) {
        String head = pr.get("head").get("ref").asText();
        assertFalse(
            head.startsWith("fix/" + tox + "-") || head.startsWith("fix/" + del + "-"),
            "no PR: " + head);
      }
      String remote = ForgeCounts.run(demo, "git", "ls-remote", "origin", "refs/heads/fix/*");
      assertFalse(
          remote.contains("fix/" + tox + "-") || remote.contains("fix/" + del + "-"),
          "no branch pushed:\n" + remote);
      // main moved only by the two demo PRs
      assertEquals(mainBefore + 2, ForgeCounts.mainCommits(demo), seen);
      assertEquals(toxOnMain, ForgeCounts.run(demo, "git", "show", "origin/main:tox.ini"));
      ForgeCounts.run(demo, "git", "cat-file", "-e", "origin/main:tests/test_stats.py");
    }
  }

  private static void close(DemoScenario demo, long n) throws Exception {
    String token = Files.readString(demo.tokenFile()).trim();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            demo.baseUrl()
                                + "/api/v1/repos/"
                                + demo.owner()
                                + "/"
                                + demo.repo()
                                + "/issues/"
                                + n))
                    .header("Authorization", "token " + token)
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"state\":\"closed\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode() == 200 ? 201 : r.statusCode(), r.body());
  }
}
