package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.sandbox.ForgeResponse;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 2, from inside the jobs: a cycle whose one job gives up and whose other job's
 * merge fails for good inside the merge queue (a 403 turned into NOT_READY there) files one issue
 * for each.
 */
@Timeout(600)
class FindingsJobsCycleTest {
  @TempDir Path root;

  @Test
  void aJobThatGivesUpAndAMergeQueueFailureAreEachFiledOnce() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      FindingsWorld.closeDemoPulls(w);
      String owner = w.demo.owner();
      String repo = w.demo.repo();
      long p0 = w.demo.forge().createLabel(owner, repo, "p0", "b60205");
      // No recipe: the fake agent changes nothing, twice.
      long hopeless = w.demo.forge().createIssue(owner, repo, "Make calc faster", "Somehow.");
      long fixable = w.demo.issues().get(0);
      w.demo.forge().addLabels(owner, repo, hopeless, p0);
      w.demo.forge().addLabels(owner, repo, fixable, p0);
      w.demo
          .forge()
          .setRequestFilter(
              (req, route) ->
                  req.method().equals("POST")
                          && route != null
                          && route.endsWith("/pulls/{index}/merge")
                      ? ForgeResponse.error(403, "token lacks write:repository", w.demo.baseUrl())
                      : null);

      CycleResult r = w.cycle(1, new CycleInput(null, 2, false, true, null));

      assertEquals(
          List.of(hopeless, fixable).stream().sorted().toList(),
          r.dispatched().stream().sorted().toList(),
          r.toString());
      List<Issue> filed = FindingsWorld.bugFindings(w);
      assertEquals(2, filed.size(), FindingsCycleTest.titles(filed).toString());
      assertTrue(
          r.issuesFiled().containsAll(filed.stream().map(Issue::number).toList()), r.toString());

      Issue gaveUp = only(filed, "agent output rejected on #" + hopeless);
      assertTrue(gaveUp.body().contains("after 2 agent attempts"), gaveUp.body());
      assertTrue(
          gaveUp.body().contains("Attempt 1 rejected")
              && gaveUp.body().contains("Attempt 2 rejected"),
          gaveUp.body());
      assertTrue(
          gaveUp.body().contains("Agent profile: `") && gaveUp.body().contains("pane: `Kimi:0."),
          gaveUp.body());
      assertTrue(
          gaveUp.body().contains("fake-kimi: reading the task"),
          "the agent's output tail: " + gaveUp.body());

      Issue runtime = only(filed, "runtime error in Gitea.");
      assertTrue(runtime.title().endsWith(": GiteaAuth"), runtime.title());
      assertTrue(
          runtime.body().contains("timmy-merge-"),
          "names the merge queue's workflow: " + runtime.body());
      assertTrue(
          runtime.body().contains("403") || runtime.body().contains("write:repository"),
          runtime.body());

      String token = Files.readString(w.demo.tokenFile()).trim();
      assertFalse(
          filed.stream().anyMatch(i -> i.body().contains(token)), "no token in any finding");
    }
  }

  private static Issue only(List<Issue> issues, String titlePart) {
    List<Issue> found = issues.stream().filter(i -> i.title().contains(titlePart)).toList();
    assertEquals(1, found.size(), titlePart + " in " + FindingsCycleTest.titles(issues));
    return found.get(0);
  }
}
