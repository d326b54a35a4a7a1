package dev.timmyloop.sandbox;

import static dev.timmyloop.sandbox.TestApi.expect;
import static dev.timmyloop.sandbox.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxForgeMergeTest {
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

  private long openPull(String branch, String file, String text, String body) throws Exception {
    fx.pushBranch(branch, file, text);
    JsonNode pr =
        expect(
            201,
            fx.api.post(
                fx.repoPath() + "/pulls",
                Map.of("title", "Change " + file, "body", body, "head", branch, "base", "main")));
    fx.awaitCi();
    return pr.get("number").asLong();
  }

  private JsonNode pull(long n) {
    return expect(200, fx.api.get(fx.repoPath() + "/pulls/" + n));
  }

  @Test
  void updateBranchRebasesOntoTheNewBase() throws Exception {
    long n = openPull("fix/a", "a.txt", "a\n", "");
    String oldHead = pull(n).get("head").get("sha").asText();
    String mainSha = fx.pushMain("b.txt", "b\n");
    fx.awaitCi();

    expect(200, fx.api.post(fx.repoPath() + "/pulls/" + n + "/update?style=rebase", null));

    String newHead = pull(n).get("head").get("sha").asText();
    assertNotEquals(oldHead, newHead);
    assertEquals(fx.remoteSha("fix/a"), newHead);
    git(fx.bare, "merge-base", "--is-ancestor", mainSha, newHead);
    assertEquals(
        mainSha, git(fx.bare, "rev-parse", newHead + "^"), "rebased: one commit on top of main");
    fx.awaitCi();
    assertEquals(
        "success",
        expect(200, fx.api.get(fx.repoPath() + "/commits/" + newHead + "/status"))
            .get("state")
            .asText(),
        "CI ran on the rebased head");
  }

  @Test
  void updateBranchStyleMergeWritesAMergeCommit() throws Exception {
    long n = openPull("fix/m", "m.txt", "m\n", "");
    String oldHead = fx.remoteSha("fix/m");
    String mainSha = fx.pushMain("n.txt", "n\n");
    fx.awaitCi();
    expect(200, fx.api.post(fx.repoPath() + "/pulls/" + n + "/update?style=merge", null));
    String newHead = pull(n).get("head").get("sha").asText();
    assertEquals(oldHead + " " + mainSha, git(fx.bare, "show", "-s", "--format=%P", newHead));
  }

  @Test
  void updateBranchAnswers409OnConflict() throws Exception {
    long n = openPull("fix/c", "same.txt", "branch\n", "");
    fx.pushMain("same.txt", "main\n");
    fx.awaitCi();
    assertFalse(pull(n).get("mergeable").asBoolean(), "a conflicting PR is not mergeable");
    expect(409, fx.api.post(fx.repoPath() + "/pulls/" + n + "/update?style=rebase", null));
    expect(405, fx.api.post(fx.repoPath() + "/pulls/" + n + "/merge", Map.of("Do", "squash")));
  }

  @Test
  void squashMergeWritesOneCommitAndClosesTheReferencedIssue() throws Exception {
    long issue =
        expect(201, fx.api.post(fx.repoPath() + "/issues", Map.of("title", "Need f")))
            .get("number")
            .asLong();
    fx.pushBranch("fix/f", "f.txt", "one\n");
    git(fx.clone, "checkout", "-q", "fix/f");
    TestGit.commit(fx.clone, "g.txt", "two\n", "second commit");
    git(fx.clone, "push", "-q", "origin", "fix/f");
    git(fx.clone, "checkout", "-q", "main");
    long n =
        expect(
                201,
                fx.api.post(
                    fx.repoPath() + "/pulls",
                    Map.of(
                        "title",
                        "Add f",
                        "body",
                        "Fixes #" + issue,
                        "head",
                        "fix/f",
                        "base",
                        "main")))
            .get("number")
            .asLong();
    fx.awaitCi();
    String before = fx.remoteSha("main");
    String head = pull(n).get("head").get("sha").asText();

    expect(
        200,
        fx.api.post(
            fx.repoPath() + "/pulls/" + n + "/merge",
            Map.of(
                "do",
                "squash",
                "merge_title_field",
                "Add f (#" + n + ")",
                "merge_message_field",
                "Body text",
                "head_commit_id",
                head,
                "delete_branch_after_merge",
                true)));

    String after = fx.remoteSha("main");
    assertEquals(before, git(fx.bare, "rev-parse", after + "^"), "exactly one new commit on main");
    assertEquals("1", git(fx.bare, "rev-list", "--count", before + ".." + after));
    assertEquals(
        "",
        git(fx.bare, "show", "-s", "--format=%P", after).replace(before, "").trim(),
        "one parent");
    assertEquals("f.txt\ng.txt", git(fx.bare, "diff", "--name-only", before, after));
    assertEquals(
        "Add f (#" + n + ")\n\nBody text", git(fx.bare, "log", "-1", "--format=%B", after));
    JsonNode merged = pull(n);
    assertTrue(merged.get("merged").asBoolean());
    assertEquals(after, merged.get("merge_commit_sha").asText());
    assertEquals("closed", merged.get("state").asText());
    assertEquals(
        "closed",
        expect(200, fx.api.get(fx.repoPath() + "/issues/" + issue)).get("state").asText());
    expect(204, fx.api.get(fx.repoPath() + "/pulls/" + n + "/merge"));
    assertTrue(git(fx.bare, "branch", "--list", "fix/f").isEmpty(), "head branch deleted");
    expect(405, fx.api.post(fx.repoPath() + "/pulls/" + n + "/merge", Map.of("Do", "squash")));
  }

  @Test
  void fastForwardOnlyOncePermittedMovesMainToTheTestedHeadAndRefusesADivergedOne()
      throws Exception {
    long first = openPull("fix/ff1", "ff1.txt", "1\n", "");
    long second = openPull("fix/ff2", "ff2.txt", "2\n", "");
    String head = pull(first).get("head").get("sha").asText();
    Map<String, String> ff = Map.of("Do", "fast-forward-only", "head_commit_id", head);
    String merge = fx.repoPath() + "/pulls/" + first + "/merge";
    JsonNode refused = expect(405, fx.api.post(merge, ff));
    assertEquals(
        "fast-forward-only is not allowed an allowed merge style for this repository",
        refused.get("message").asText());

    JsonNode repo =
        expect(
            200,
            fx.api.call("PATCH", fx.repoPath(), Map.of("allow_fast_forward_only_merge", true)));
    assertTrue(repo.get("allow_fast_forward_only_merge").asBoolean(), repo.toString());
    assertTrue(repo.get("allow_squash_merge").asBoolean(), "the others stay: " + repo);
    assertTrue(
        expect(200, fx.api.get(fx.repoPath())).get("allow_fast_forward_only_merge").asBoolean());

    expect(200, fx.api.post(merge, ff));
    assertEquals(head, fx.remoteSha("main"), "main is the PR's own head: the sha CI tested");
    assertEquals(head, pull(first).get("merge_commit_sha").asText());
    assertTrue(pull(first).get("merged").asBoolean());

    // the second PR was branched from the old main: no fast-forward, nothing moves
    String secondHead = pull(second).get("head").get("sha").asText();
    JsonNode diverged =
        expect(
            500,
            fx.api.post(
                fx.repoPath() + "/pulls/" + second + "/merge",
                Map.of("Do", "fast-forward-only", "head_commit_id", secondHead)));
    assertEquals("Merge DivergingFastForwardOnly", diverged.get("message").asText());
    assertEquals(head, fx.remoteSha("main"));
    assertFalse(pull(second).get("merged").asBoolean());
  }

  @Test
  void staleHeadCommitIdIs409() throws Exception {
    long n = openPull("fix/h", "h.txt", "h\n", "");
    JsonNode err =
        expect(
            409,
            fx.api.post(
                fx.repoPath() + "/pulls/" + n + "/merge",
                Map.of(
                    "Do", "squash", "head_commit_id", "0123456789012345678901234567890123456789")));
    assertTrue(err.get("message").asText().contains("head out of date"));
    assertFalse(pull(n).get("merged").asBoolean());
  }

  @Test
  void failingChecksBlockTheMergeWith405() throws Exception {
    long n = openPull("fix/red", "tests/test_bad.py", ForgeFixture.FAILING_TEST, "");
    String head = pull(n).get("head").get("sha").asText();
    JsonNode status = expect(200, fx.api.get(fx.repoPath() + "/commits/" + head + "/status"));
    assertEquals("failure", status.get("state").asText());
    expect(
        405,
        fx.api.post(
            fx.repoPath() + "/pulls/" + n + "/merge",
            Map.of("Do", "squash", "head_commit_id", head)));
    assertFalse(pull(n).get("merged").asBoolean());
  }

  @Test
  void mergeWhenChecksSucceedIs201ThenMergesOnGreen() throws Exception {
    fx.forge.setTestCommand("timmy", "t", List.of("sleep", "1"));
    fx.pushBranch("fix/auto", "auto.txt", "x\n");
    long n =
        expect(
                201,
                fx.api.post(
                    fx.repoPath() + "/pulls",
                    Map.of("title", "Auto", "head", "fix/auto", "base", "main")))
            .get("number")
            .asLong();
    String head = fx.remoteSha("fix/auto");
    // Until CI finishes the head is pending; if it already finished the merge is immediate (200).
    int code =
        fx.api
            .post(
                fx.repoPath() + "/pulls/" + n + "/merge",
                Map.of("Do", "squash", "merge_when_checks_succeed", true, "head_commit_id", head))
            .statusCode();
    assertTrue(code == 201 || code == 200, "got " + code);
    fx.awaitCi();
    assertTrue(pull(n).get("merged").asBoolean());
  }

  @Test
  void statusesCombineWorstOfLatestPerContext() {
    String sha = fx.remoteSha("main");
    String lonely = git(fx.bare, "commit-tree", "-p", sha, "-m", "never pushed", sha + "^{tree}");
    JsonNode empty = expect(200, fx.api.get(fx.repoPath() + "/commits/" + lonely + "/status"));
    assertEquals("", empty.get("state").asText(), "nothing posted yet");
    assertTrue(empty.get("statuses").isNull(), "Gitea answers a zero CombinedStatus");
    String path = fx.repoPath() + "/statuses/" + sha;
    expect(201, fx.api.post(path, Map.of("state", "pending", "context", "lint")));
    JsonNode c = expect(200, fx.api.get(fx.repoPath() + "/commits/main/status"));
    assertEquals("pending", c.get("state").asText());
    expect(201, fx.api.post(path, Map.of("state", "success", "context", "lint")));
    assertEquals(
        "success",
        expect(200, fx.api.get(fx.repoPath() + "/commits/" + sha + "/status"))
            .get("state")
            .asText());
    expect(201, fx.api.post(path, Map.of("state", "failure", "context", "other")));
    c = expect(200, fx.api.get(fx.repoPath() + "/commits/" + sha + "/status"));
    assertEquals("failure", c.get("state").asText());
    assertEquals(3, c.get("total_count").asInt(), "CI + lint + other");
    assertEquals("failure", c.get("statuses").get(2).get("status").asText());
    JsonNode all = expect(200, fx.api.get(fx.repoPath() + "/commits/" + sha + "/statuses"));
    assertEquals(5, all.size(), "CI pending + success, lint twice, other");
  }
}
