package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.GiteaTestServer.REPO;
import static dev.timmyloop.activities.gitea.GiteaTestServer.TOKEN;
import static dev.timmyloop.activities.gitea.GiteaTestServer.issueJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.LabelChange;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.config.ConfigLoader;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activities' own logic: idempotence under retry, dedupe, truncation, outcome decisions. */
class GiteaActivitiesImplTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GiteaTestServer gitea = new GiteaTestServer();
  private final GiteaActivitiesImpl activities = gitea.activities();

  @AfterEach
  void close() {
    gitea.close();
  }

  @Test
  void createIssueReturnsTheOpenIssueARetriedAttemptAlreadyFiled() {
    gitea.enqueue(
        200, "[" + issueJson(4, "other") + "," + issueJson(12, "[loop-generated] x") + "]");
    Issue issue =
        activities.createIssue(new NewIssue("[loop-generated] x", "body", List.of("bug")));
    assertEquals(12, issue.number());
    assertEquals(1, gitea.takeAll().size()); // nothing created
  }

  @Test
  void createIssueCreatesMissingLabelsAndFilesWithTheirIds() throws Exception {
    gitea.enqueue(200, "[]"); // open issues
    gitea.enqueue(200, "[{\"id\":3,\"name\":\"loop-generated\",\"color\":\"ededed\"}]");
    gitea.enqueue(201, "{\"id\":9,\"name\":\"bug\",\"color\":\"ededed\"}");
    gitea.enqueueRecorded(201, "issue-12.json");

    Issue issue =
        activities.createIssue(
            new NewIssue(
                "[loop-generated] [bug] tox",
                "The unit suite fails.",
                List.of("loop-generated", "bug")));

    assertEquals(12, issue.number());
    assertEquals(List.of("loop-generated"), issue.labels());
    List<RecordedRequest> r = gitea.takeAll();
    assertEquals(REPO + "/labels", r.get(2).getUrl().encodedPath());
    assertEquals("bug", JSON.readTree(r.get(2).getBody().utf8()).get("name").asText());
    assertTrue(
        JSON.readTree(r.get(2).getBody().utf8()).get("color").asText().matches("#?[0-9a-f]{6}"));
    assertEquals("[3,9]", JSON.readTree(r.get(3).getBody().utf8()).get("labels").toString());
  }

  @Test
  void longIssueBodiesAreCutAndSaySo() {
    String longBody = "x".repeat(GiteaActivities.MAX_BODY_CHARS + 10);
    String json = issueJson(1, "t").replace("\"body\":\"b\"", "\"body\":\"" + longBody + "\"");
    gitea.enqueue(200, json);
    Issue issue = activities.getIssue(1);
    assertTrue(issue.bodyTruncated());
    assertEquals(GiteaActivities.MAX_BODY_CHARS, issue.body().length());
  }

  @Test
  void theIssueListCarriesOnlyTheStartOfEachBody() {
    String longBody = "x".repeat(GiteaActivities.MAX_BODY_CHARS + 10);
    gitea.enqueue(
        200,
        "[" + issueJson(1, "t").replace("\"body\":\"b\"", "\"body\":\"" + longBody + "\"") + "]");
    Issue issue = activities.openIssues().get(0);
    assertTrue(issue.bodyTruncated());
    assertEquals(GiteaActivities.LIST_BODY_CHARS, issue.body().length());
  }

  @Test
  void commentWithADedupeKeyIsPostedOnceWithAHiddenMarker() throws Exception {
    gitea.enqueue(200, "[{\"id\":1,\"body\":\"hello\"}]");
    gitea.enqueue(201, "{\"id\":2,\"body\":\"x\"}");
    activities.comment(new NewComment(12, "Claimed by pane 2", "claim-12-c3"));
    List<RecordedRequest> r = gitea.takeAll();
    String posted = JSON.readTree(r.get(1).getBody().utf8()).get("body").asText();
    assertEquals("Claimed by pane 2\n\n<!-- timmy:claim-12-c3 -->", posted);

    gitea.enqueue(
        200,
        "[{\"id\":1,\"body\":\"hello\"},{\"id\":2,\"body\":\""
            + posted.replace("\n", "\\n")
            + "\"}]");
    activities.comment(new NewComment(12, "Claimed by pane 2", "claim-12-c3"));
    assertEquals(1, gitea.takeAll().size()); // only the listing
  }

  @Test
  void commentWithoutAKeyIsPostedAsIs() throws Exception {
    gitea.enqueue(201, "{\"id\":2,\"body\":\"x\"}");
    activities.comment(new NewComment(12, "plain", null));
    assertEquals("plain", JSON.readTree(gitea.take().getBody().utf8()).get("body").asText());
  }

  @Test
  void removeLabelsTouchesOnlyLabelsTheIssueHas() {
    gitea.enqueueRecorded(200, "issue-12.json"); // has loop-generated (id 3)
    gitea.enqueue(204, "");
    activities.removeLabels(new LabelChange(12, List.of("loop-generated", "in-progress")));
    List<RecordedRequest> r = gitea.takeAll();
    assertEquals(2, r.size());
    assertEquals(REPO + "/issues/12/labels/3", r.get(1).getUrl().encodedPath());
  }

  @Test
  void createPullThatAlreadyExistsReturnsTheExistingOne() {
    gitea.enqueueRecorded(409, "error-409-create-pull.json");
    gitea.enqueueRecorded(200, "pull-7.json");
    var pr =
        activities.createPull(
            new NewPull("[loop-cycle-3] fix", "Fixes #12", "fix/issue-12", "main"));
    assertEquals(7, pr.number());
    assertEquals("fix/issue-12", pr.headBranch());
    assertEquals("2222222222222222222222222222222222222222", pr.headSha());
    assertTrue(pr.mergeable());
  }

  @Test
  void findPullIgnoresClosedOnes() {
    gitea.enqueue(
        200,
        GiteaTestServer.recorded("pull-7.json")
            .replace("\"state\":\"open\"", "\"state\":\"closed\""));
    assertEquals(Optional.empty(), activities.findPull("main", "fix/issue-12"));
  }

  @Test
  void mergeOfAnAlreadyMergedPullIsAlreadyMergedWithoutAMergeCall() {
    gitea.enqueue(204, "");
    assertEquals(
        MergeStatus.ALREADY_MERGED,
        activities.merge(new MergeRequest(7, "2222", "t", "m", true)).status());
    assertEquals(1, gitea.takeAll().size());
  }

  @Test
  void mergeRefusedBecauseOurLostFirstAttemptMergedIsAlreadyMerged() {
    gitea.enqueue(404, "");
    gitea.enqueueRecorded(405, "error-405-merge.json");
    gitea.enqueue(204, "");
    assertEquals(
        MergeStatus.ALREADY_MERGED,
        activities.merge(new MergeRequest(7, "2222", "t", "m", true)).status());
  }

  @Test
  void mergedNowIsMerged() {
    gitea.enqueue(404, "");
    gitea.enqueue(200, "");
    assertEquals(
        MergeStatus.MERGED, activities.merge(new MergeRequest(7, "2222", "t", "m", true)).status());
  }

  @Test
  void updateThatMovesNothingIsAlreadyUpToDate() {
    gitea.enqueueRecorded(200, "pull-7.json");
    gitea.enqueue(200, "");
    gitea.enqueueRecorded(200, "pull-7.json");
    assertEquals(UpdateStatus.ALREADY_UP_TO_DATE, activities.updateBranch(7).status());
  }

  @Test
  void updateThatMovesTheHeadIsUpdated() {
    gitea.enqueueRecorded(200, "pull-7.json");
    gitea.enqueue(200, "");
    gitea.enqueue(
        200,
        GiteaTestServer.recorded("pull-7.json")
            .replace(
                "2222222222222222222222222222222222222222",
                "3333333333333333333333333333333333333333"));
    var outcome = activities.updateBranch(7);
    assertEquals(UpdateStatus.UPDATED, outcome.status());
    assertTrue(outcome.message().contains("3333"));
  }

  @Test
  void aMissingOrEmptyTokenFileIsNonRetryableAuthNamingTheFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("no_token");
    Path empty = Files.writeString(dir.resolve("empty_token"), "  \n");
    Path twoWords = Files.writeString(dir.resolve("two_words"), TOKEN + " " + TOKEN + "\n");
    for (Path file : List.of(missing, empty, twoWords)) {
      GiteaActivitiesImpl a = new GiteaActivitiesImpl(gitea.withToken(Tokens.fromFile(file)));
      ApplicationFailure f = assertThrows(ApplicationFailure.class, a::openIssues);
      assertEquals(FailureTypes.GITEA_AUTH, f.getType());
      assertTrue(f.isNonRetryable());
      assertTrue(f.getOriginalMessage().contains(file.toString()), f.getOriginalMessage());
      assertFalse(f.getMessage().contains(TOKEN));
    }
    assertEquals(0, gitea.server.getRequestCount());
  }

  @Test
  void fromConfigTheTokenFileIsReadOnlyWhenAnActivityRuns(@TempDir Path dir) throws Exception {
    Path tokenFile = dir.resolve("gitea_token");
    Path config = Files.writeString(dir.resolve("timmy.json"), "{}");
    Map<String, String> env =
        Map.of(
            "TIMMY_GITEA_URL", gitea.server.url("/").toString(),
            "TIMMY_GITEA_TOKEN_FILE", tokenFile.toString());
    GiteaActivitiesImpl a = new GiteaActivitiesImpl(ConfigLoader.load(env, config));

    ApplicationFailure f = assertThrows(ApplicationFailure.class, a::openPulls);
    assertEquals(FailureTypes.GITEA_AUTH, f.getType());
    assertTrue(f.getOriginalMessage().contains(tokenFile.toString()), f.getOriginalMessage());

    Files.writeString(tokenFile, TOKEN); // written after construction: read lazily
    gitea.enqueue(200, "[]");
    a.openPulls();
    RecordedRequest r = gitea.take();
    assertEquals("token " + TOKEN, r.getHeaders().get("Authorization"));
    assertEquals("/api/v1/repos/rockachopa/Timmy-time-dashboard/pulls", r.getUrl().encodedPath());
  }

  @Test
  void theTokenFileIsReadAndTrimmed(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    GiteaActivitiesImpl a = new GiteaActivitiesImpl(gitea.withToken(Tokens.fromFile(file)));
    gitea.enqueue(200, "[]");
    a.openPulls();
    assertEquals("token " + TOKEN, gitea.take().getHeaders().get("Authorization"));
  }
}
