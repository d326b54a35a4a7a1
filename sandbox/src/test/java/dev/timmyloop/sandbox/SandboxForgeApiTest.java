package dev.timmyloop.sandbox;

import static dev.timmyloop.sandbox.TestApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxForgeApiTest {
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

  @Test
  void requestsWithoutAValidTokenGet401WithGiteasErrorBody() {
    HttpResponse<String> none = fx.api.send("GET", "/repos/timmy/t", null, null);
    JsonNode err = expect(401, none);
    assertTrue(err.get("message").asText().length() > 0);
    assertTrue(err.get("url").asText().startsWith(fx.forge.baseUrl()));
    expect(401, fx.api.send("GET", "/repos/timmy/t", null, "token wrong"));
    expect(200, fx.api.send("GET", "/repos/timmy/t", null, "Bearer " + ForgeFixture.TOKEN));
    expect(200, fx.api.send("GET", "/repos/timmy/t", null, "TOKEN " + ForgeFixture.TOKEN));
    assertEquals(
        "1.25.4", expect(200, fx.api.send("GET", "/version", null, null)).get("version").asText());
  }

  @Test
  void unknownRoutesAre404AndMalformedJsonIs422() {
    JsonNode e404 = expect(404, fx.api.get("/repos/timmy/t/nothing-here"));
    assertTrue(e404.has("message") && e404.has("url"));
    expect(404, fx.api.get("/repos/nobody/none"));
    JsonNode e422 = expect(422, fx.api.post(fx.repoPath() + "/issues", "{not json"));
    assertTrue(e422.has("message") && e422.has("url"));
    expect(422, fx.api.post(fx.repoPath() + "/issues", Map.of("body", "no title")));
  }

  @Test
  void issueListPagesLikeGitea() {
    for (int i = 1; i <= 75; i++) {
      expect(201, fx.api.post(fx.repoPath() + "/issues", Map.of("title", "Issue " + i)));
    }
    HttpResponse<String> p1 = fx.api.get(fx.repoPath() + "/issues?type=issues&limit=100");
    assertEquals(50, expect(200, p1).size(), "a limit above 50 is reduced to 50");
    assertEquals("75", p1.headers().firstValue("X-Total-Count").orElseThrow());
    String link = p1.headers().firstValue("Link").orElseThrow();
    assertFalse(link.contains(", "), "Gitea joins Link entries with ',' and no space: " + link);
    List<String> entries = List.of(link.split(","));
    assertEquals(2, entries.size(), link);
    assertTrue(
        entries.get(0).contains("page=2") && entries.get(0).endsWith("; rel=\"next\""), link);
    assertTrue(
        entries.get(1).contains("page=2") && entries.get(1).endsWith("; rel=\"last\""), link);

    HttpResponse<String> p2 = fx.api.get(fx.repoPath() + "/issues?type=issues&limit=50&page=2");
    JsonNode page2 = expect(200, p2);
    assertEquals(25, page2.size());
    String link2 = p2.headers().firstValue("Link").orElseThrow();
    assertTrue(link2.contains("rel=\"first\"") && link2.contains("rel=\"prev\""), link2);
    assertFalse(link2.contains("rel=\"next\""), link2);
    assertEquals(
        30, expect(200, fx.api.get(fx.repoPath() + "/issues")).size(), "default page size");
    JsonNode first = page2.get(0);
    assertTrue(first.get("pull_request").isNull());
    assertEquals("timmy", first.get("user").get("login").asText());
  }

  @Test
  void issuesLabelsAndCommentsRoundTrip() {
    JsonNode label =
        expect(
            201, fx.api.post(fx.repoPath() + "/labels", Map.of("name", "bug", "color", "#ee0701")));
    assertEquals("ee0701", label.get("color").asText());
    long labelId = label.get("id").asLong();
    JsonNode issue =
        expect(
            201,
            fx.api.post(
                fx.repoPath() + "/issues",
                Map.of("title", "Broken", "body", "It breaks", "labels", List.of(labelId))));
    long n = issue.get("number").asLong();
    assertEquals("bug", issue.get("labels").get(0).get("name").asText());
    expect(201, fx.api.post(fx.repoPath() + "/labels", Map.of("name", "loop", "color", "00ff00")));
    JsonNode labels =
        expect(
            200,
            fx.api.post(
                fx.repoPath() + "/issues/" + n + "/labels", Map.of("labels", List.of("loop"))));
    assertEquals(2, labels.size(), "names are accepted as Gitea >= 1.20 does");
    expect(204, fx.api.call("DELETE", fx.repoPath() + "/issues/" + n + "/labels/" + labelId, null));
    assertEquals(1, expect(200, fx.api.get(fx.repoPath() + "/issues/" + n)).get("labels").size());
    assertEquals(1, expect(200, fx.api.get(fx.repoPath() + "/issues?labels=loop")).size());

    expect(201, fx.api.post(fx.repoPath() + "/issues/" + n + "/comments", Map.of("body", "On it")));
    HttpResponse<String> comments = fx.api.get(fx.repoPath() + "/issues/" + n + "/comments");
    assertEquals("On it", expect(200, comments).get(0).get("body").asText());
    assertEquals("1", comments.headers().firstValue("X-Total-Count").orElseThrow());

    JsonNode closed =
        expect(
            201, fx.api.call("PATCH", fx.repoPath() + "/issues/" + n, Map.of("state", "closed")));
    assertEquals("closed", closed.get("state").asText());
    assertEquals(0, expect(200, fx.api.get(fx.repoPath() + "/issues?type=issues")).size());
  }

  @Test
  void pullCreateAnswers409ForADuplicateAndSharesTheIssueIndex() {
    expect(201, fx.api.post(fx.repoPath() + "/issues", Map.of("title", "First")));
    fx.pushBranch("fix/one", "one.txt", "1\n");
    Map<String, String> body =
        Map.of("title", "Fix one", "body", "Closes #1", "head", "fix/one", "base", "main");
    JsonNode pr = expect(201, fx.api.post(fx.repoPath() + "/pulls", body));
    assertEquals(2, pr.get("number").asLong(), "issues and PRs share one counter");
    assertEquals("fix/one", pr.get("head").get("ref").asText());
    assertEquals(fx.remoteSha("fix/one"), pr.get("head").get("sha").asText());
    assertEquals(fx.remoteSha("main"), pr.get("base").get("sha").asText());
    assertTrue(pr.get("mergeable").asBoolean());
    assertFalse(pr.get("merged").asBoolean());
    JsonNode dup = expect(409, fx.api.post(fx.repoPath() + "/pulls", body));
    assertTrue(
        dup.get("message").asText().contains("pull request already exists for these targets"));

    assertEquals(
        2, expect(200, fx.api.get(fx.repoPath() + "/pulls/main/fix/one")).get("number").asLong());
    assertEquals(1, expect(200, fx.api.get(fx.repoPath() + "/pulls?state=open")).size());
    JsonNode asIssue = expect(200, fx.api.get(fx.repoPath() + "/issues/2"));
    assertFalse(asIssue.get("pull_request").isNull());
    assertEquals(1, expect(200, fx.api.get(fx.repoPath() + "/issues?type=pulls")).size());
    expect(404, fx.api.get(fx.repoPath() + "/pulls/2/merge"));
    expect(
        404,
        fx.api.post(
            fx.repoPath() + "/pulls",
            Map.of("title", "x", "head", "no-such-branch", "base", "main")));
  }

  @Test
  void requestsAreCountedByRoute() {
    fx.api.get(fx.repoPath() + "/issues");
    fx.api.get(fx.repoPath() + "/issues?page=2");
    assertEquals(2L, fx.forge.requestCounts().get("GET /repos/{owner}/{repo}/issues"));
    assertTrue(
        fx.forge.requestLog().stream()
            .anyMatch(r -> r.status() == 200 && "/repos/{owner}/{repo}/issues".equals(r.route())));
  }

  @Test
  void aRequestFilterCanAnswerInsteadOfTheHandler() {
    fx.forge.setRequestFilter(
        (req, route) ->
            "/repos/{owner}/{repo}/pulls".equals(route)
                ? ForgeResponse.error(500, "injected", fx.forge.baseUrl())
                : null);
    expect(500, fx.api.get(fx.repoPath() + "/pulls"));
    expect(200, fx.api.get(fx.repoPath() + "/issues"));
    fx.forge.setRequestFilter(null);
    expect(200, fx.api.get(fx.repoPath() + "/pulls"));
  }
}
