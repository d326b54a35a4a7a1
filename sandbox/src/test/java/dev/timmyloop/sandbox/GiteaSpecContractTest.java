package dev.timmyloop.sandbox;

import static dev.timmyloop.sandbox.TestApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forge must speak Gitea 1.25.4's API as its spec describes it (a copy of
 * shared/gitea/swagger.v1.json): every route it serves exists there, and every JSON field it emits
 * for the objects the product reads is a field of the spec's definition.
 */
class GiteaSpecContractTest {
  static JsonNode spec;

  @BeforeAll
  static void loadSpec() throws Exception {
    try (InputStream in =
        GiteaSpecContractTest.class.getResourceAsStream("/gitea-swagger.v1.json")) {
      spec = TestApi.JSON.readTree(in);
    }
  }

  @Test
  void everyRouteExistsInTheSpec() {
    List<String> missing = new ArrayList<>();
    for (Router.Route r : ApiRoutes.all()) {
      JsonNode path = spec.get("paths").get(r.template());
      if (path == null || !path.has(r.method().toLowerCase(Locale.ROOT))) {
        missing.add(r.method() + " " + r.template());
      }
    }
    assertEquals(List.of(), missing);
    assertEquals("/api/v1", spec.get("basePath").asText());
  }

  @Test
  void emittedFieldsExistInTheSpecDefinitions(@TempDir Path tmp) throws Exception {
    try (ForgeFixture fx = new ForgeFixture(tmp)) {
      String r = fx.repoPath();
      JsonNode label =
          expect(201, fx.api.post(r + "/labels", Map.of("name", "bug", "color", "ff0000")));
      JsonNode issue =
          expect(
              201,
              fx.api.post(
                  r + "/issues",
                  Map.of("title", "t", "labels", List.of(label.get("id").asLong()))));
      JsonNode comment = expect(201, fx.api.post(r + "/issues/1/comments", Map.of("body", "c")));
      fx.pushBranch("fix/x", "x.txt", "x\n");
      JsonNode pull =
          expect(
              201,
              fx.api.post(r + "/pulls", Map.of("title", "p", "head", "fix/x", "base", "main")));
      fx.awaitCi();
      String sha = fx.remoteSha("fix/x");
      JsonNode status =
          expect(
              201, fx.api.post(r + "/statuses/" + sha, Map.of("state", "success", "context", "c")));
      JsonNode combined = expect(200, fx.api.get(r + "/commits/" + sha + "/status"));
      JsonNode prIssue = expect(200, fx.api.get(r + "/issues/" + pull.get("number").asLong()));
      JsonNode repo = expect(200, fx.api.get(r));
      JsonNode run = expect(200, fx.api.get(r + "/actions/runs?head_sha=" + sha));
      JsonNode jobs =
          expect(
              200,
              fx.api.get(
                  r + "/actions/runs/" + run.get("workflow_runs").get(0).get("id") + "/jobs"));

      List<String> bad = new ArrayList<>();
      check("Label", label, bad);
      check("Issue", issue, bad);
      check("Issue", prIssue, bad);
      check("PullRequestMeta", prIssue.get("pull_request"), bad);
      check("Label", issue.get("labels").get(0), bad);
      check("User", issue.get("user"), bad);
      check("Comment", comment, bad);
      check("PullRequest", pull, bad);
      check("PRBranchInfo", pull.get("head"), bad);
      check("PRBranchInfo", pull.get("base"), bad);
      check("CommitStatus", status, bad);
      check("CombinedStatus", combined, bad);
      check("CommitStatus", combined.get("statuses").get(0), bad);
      check("Repository", repo, bad);
      check("ActionWorkflowRunsResponse", run, bad);
      check("ActionWorkflowRun", run.get("workflow_runs").get(0), bad);
      check("ActionWorkflowJobsResponse", jobs, bad);
      check("ActionWorkflowJob", jobs.get("jobs").get(0), bad);
      assertEquals(List.of(), bad);
    }
  }

  @Test
  void mergeOptionFieldsTheForgeReadsAreInTheSpec() {
    JsonNode props = spec.get("definitions").get("MergePullRequestOption").get("properties");
    for (String f :
        List.of(
            "Do",
            "MergeTitleField",
            "MergeMessageField",
            "head_commit_id",
            "delete_branch_after_merge",
            "force_merge",
            "merge_when_checks_succeed")) {
      assertTrue(props.has(f), f);
    }
  }

  private static void check(String definition, JsonNode emitted, List<String> bad) {
    JsonNode props = spec.get("definitions").get(definition).get("properties");
    emitted
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!props.has(f)) bad.add(definition + "." + f);
            });
  }
}
