package dev.timmyloop.worker.scenarios;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Helpers for the findings scenarios: a quiet forge, commits on main, statuses, filed findings. */
final class FindingsWorld {
  private FindingsWorld() {}

  /** Phases 1 and 4 stay idle: the demo's PRs closed, nothing dispatched. */
  static final CycleInput NO_DISPATCH = new CycleInput(null, 0, false, false, null);

  /** Phase 1 has nothing to repair or land. */
  static void closeDemoPulls(ScenarioWorld w) throws Exception {
    w.closeByHand(w.demo.stalePr());
    w.closeByHand(w.demo.failingPr());
  }

  /** Commits {@code files} (path, content pairs) on {@code branch} of the clone and pushes it. */
  static String push(ScenarioWorld w, String branch, String... files) throws Exception {
    Path clone = w.demo.repoPath();
    ScenarioWorld.run(clone, "git", "fetch", "-q", "origin");
    ScenarioWorld.run(clone, "git", "checkout", "-q", "-B", branch, "origin/main");
    for (int i = 0; i < files.length; i += 2) {
      Path f = clone.resolve(files[i]);
      Files.createDirectories(f.getParent());
      Files.writeString(f, files[i + 1]);
      ScenarioWorld.run(clone, "git", "add", files[i]);
    }
    ScenarioWorld.run(clone, "git", "commit", "-q", "-m", "test: " + branch);
    ScenarioWorld.run(clone, "git", "push", "-q", "origin", "HEAD:refs/heads/" + branch);
    String sha = ScenarioWorld.run(clone, "git", "rev-parse", "HEAD").trim();
    ScenarioWorld.run(clone, "git", "fetch", "-q", "origin");
    ScenarioWorld.run(clone, "git", "checkout", "-q", "-B", "main", "origin/main");
    return sha;
  }

  /** Posts a commit status on {@code sha}, as a CI system would. */
  static void status(ScenarioWorld w, String sha, String context, String state) throws Exception {
    String token = Files.readString(w.demo.tokenFile()).trim();
    String json =
        "{\"context\":\"" + context + "\",\"state\":\"" + state + "\",\"description\":\"test\"}";
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    w.demo.baseUrl()
                        + "/api/v1/repos/"
                        + w.demo.owner()
                        + "/"
                        + w.demo.repo()
                        + "/statuses/"
                        + sha))
            .header("Authorization", "token " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .timeout(Duration.ofSeconds(30))
            .build();
    int code =
        HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.discarding())
            .statusCode();
    if (code != 201) throw new IllegalStateException("status " + context + ": " + code);
  }

  /** Issues (open and closed) whose title starts {@code [loop-generated] [bug]}. */
  static List<Issue> bugFindings(ScenarioWorld w) {
    return w.forge.issuesWithLabel("loop-generated").stream()
        .filter(i -> i.title().startsWith("[loop-generated] [bug]"))
        .toList();
  }

  static List<Issue> open(List<Issue> issues) {
    return issues.stream().filter(i -> "open".equals(i.state())).toList();
  }

  /** A test that fails the first time it runs in a checkout, and passes on a rerun there. */
  static final String FLAKY_TEST =
      "import os\nimport unittest\n\n\n"
          + "class FlakyTest(unittest.TestCase):\n"
          + "    def test_sometimes(self):\n"
          + "        marker = os.path.join(os.getcwd(), '.flaky-ran')\n"
          + "        first = not os.path.exists(marker)\n"
          + "        open(marker, 'w').close()\n"
          + "        self.assertFalse(first, 'fails on the first run in a checkout')\n";
}
