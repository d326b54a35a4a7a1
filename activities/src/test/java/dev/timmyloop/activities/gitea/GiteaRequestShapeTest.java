package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.GiteaTestServer.REPO;
import static dev.timmyloop.activities.gitea.GiteaTestServer.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What goes over the wire: auth header, paths, query parameters, merge body. */
class GiteaRequestShapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GiteaTestServer gitea = new GiteaTestServer();
  private final GiteaClient client = gitea.client();

  @AfterEach
  void close() {
    gitea.close();
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return JSON.readTree(r.getBody().utf8());
  }

  @Test
  void everyRequestCarriesTheTokenHeaderAndAsksForJson() {
    gitea.enqueue(200, "[]");
    client.openPulls();
    RecordedRequest r = gitea.take();
    assertEquals("token " + TOKEN, r.getHeaders().get("Authorization"));
    assertEquals("application/json", r.getHeaders().get("Accept"));
    assertEquals("GET", r.getMethod());
    assertEquals(REPO + "/pulls", r.getUrl().encodedPath());
    assertEquals("open", r.getUrl().queryParameter("state"));
    assertEquals("50", r.getUrl().queryParameter("limit"));
    assertEquals("1", r.getUrl().queryParameter("page"));
  }

  @Test
  void mergeSendsSquashLowerCaseHeadCommitAndBothSpellingsOfTitleAndMessage() throws Exception {
    gitea.enqueue(200, "");
    var outcome =
        client.merge(new MergeRequest(7, "2222", "[loop-cycle-3] fix (#7)", "Fixes #12", true));
    assertEquals(MergeStatus.MERGED, outcome.status());
    RecordedRequest r = gitea.take();
    assertEquals("POST", r.getMethod());
    assertEquals(REPO + "/pulls/7/merge", r.getUrl().encodedPath());
    JsonNode b = body(r);
    assertEquals("squash", b.get("do").asText());
    assertNull(b.get("Do"));
    assertEquals("2222", b.get("head_commit_id").asText());
    assertTrue(b.get("delete_branch_after_merge").asBoolean());
    assertEquals("[loop-cycle-3] fix (#7)", b.get("MergeTitleField").asText());
    assertEquals("[loop-cycle-3] fix (#7)", b.get("merge_title_field").asText());
    assertEquals("Fixes #12", b.get("MergeMessageField").asText());
    assertEquals("Fixes #12", b.get("merge_message_field").asText());
  }

  @Test
  void mergeWithoutTitleOrMessageLeavesBothSpellingsOut() throws Exception {
    gitea.enqueue(201, "");
    assertEquals(
        MergeStatus.AUTO_MERGE_SCHEDULED,
        client.merge(new MergeRequest(7, "2222", null, "", false)).status());
    JsonNode b = body(gitea.take());
    List<String> keys = new ArrayList<>();
    b.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("do", "head_commit_id", "delete_branch_after_merge"), keys);
  }

  @Test
  void aFastForwardMergeSendsItsStyleAndADivergedBaseIsAValueNotAnError() throws Exception {
    MergeRequest ff = new MergeRequest(7, "3333", "", "", true, MergeRequest.FAST_FORWARD_ONLY);
    gitea.enqueue(500, "{\"message\": \"Merge DivergingFastForwardOnly\"}");
    gitea.enqueue(500, "{\"message\": \"database is locked\"}");

    assertEquals(MergeStatus.CONFLICT_OR_STALE_HEAD, client.merge(ff).status());
    GiteaException other = assertThrows(GiteaException.class, () -> client.merge(ff));

    JsonNode b = body(gitea.take());
    List<String> keys = new ArrayList<>();
    b.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("do", "head_commit_id", "delete_branch_after_merge"), keys);
    assertEquals("fast-forward-only", b.get("do").asText());
    assertEquals("3333", b.get("head_commit_id").asText());
    assertEquals(500, other.status());
    assertFalse(other.toFailure().isNonRetryable(), "any other 500 is retried");
  }

  @Test
  void updateRebasesThroughTheQueryParameter() {
    gitea.enqueue(200, "");
    client.updateBranch(7);
    RecordedRequest r = gitea.take();
    assertEquals("POST", r.getMethod());
    assertEquals(REPO + "/pulls/7/update", r.getUrl().encodedPath());
    assertEquals("rebase", r.getUrl().queryParameter("style"));
  }

  @Test
  void headBranchKeepsItsSlashInThePath() {
    gitea.enqueueRecorded(200, "pull-7.json");
    assertEquals(7, client.pullByBaseHead("main", "fix/issue-12").orElseThrow().number());
    assertEquals(REPO + "/pulls/main/fix/issue-12", gitea.take().getUrl().encodedPath());
  }

  @Test
  void noPullForBaseAndHeadIsEmpty() {
    gitea.enqueue(404, "");
    assertTrue(client.pullByBaseHead("main", "fix/none").isEmpty());
  }

  @Test
  void labelsAreAddedByIdAndRemovedOneByOne() throws Exception {
    gitea.enqueue(200, "[{\"id\":3,\"name\":\"loop-generated\",\"color\":\"ededed\"}]");
    gitea.enqueue(204, "");
    client.addLabels(12, List.of(3L, 4L));
    client.removeLabel(12, 3);
    RecordedRequest add = gitea.take();
    assertEquals(REPO + "/issues/12/labels", add.getUrl().encodedPath());
    assertEquals("[3,4]", body(add).get("labels").toString());
    RecordedRequest remove = gitea.take();
    assertEquals("DELETE", remove.getMethod());
    assertEquals(REPO + "/issues/12/labels/3", remove.getUrl().encodedPath());
  }

  @Test
  void aBaseUrlWithASubPathOrWithApiV1IsHonoured() {
    String root = gitea.server.url("/").toString();
    for (String base : List.of(root + "gitea/", root + "api/v1")) {
      GiteaClient c = new GiteaClient(gitea.options(base, () -> TOKEN, Duration.ofSeconds(10), 50));
      gitea.enqueueRecorded(200, "pull-7.json");
      c.getPull(7);
      String path = gitea.take().getUrl().encodedPath();
      String prefix = base.endsWith("api/v1") ? "" : "/gitea";
      assertEquals(prefix + REPO + "/pulls/7", path);
    }
  }

  @Test
  void logsNameTheEndpointAndNeverTheToken() {
    Logger logger = (Logger) LoggerFactory.getLogger(GiteaClient.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level before = logger.getLevel();
    logger.setLevel(Level.TRACE);
    logger.addAppender(appender);
    try {
      gitea.enqueueRecorded(401, "error-401.json");
      GiteaException e = assertThrows(GiteaException.class, client::openIssues);
      assertFalse(e.getMessage().contains(TOKEN));
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(before);
    }
    List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertTrue(lines.stream().anyMatch(l -> l.contains("GET openIssues -> 401")), lines.toString());
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("Authorization: <redacted>")), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.contains(TOKEN)), lines.toString());
  }

  @Test
  void everyRequestIsTimedByOperationAndStatusInTheActivitysScope() throws Exception {
    List<String> timed = new CopyOnWriteArrayList<>();
    Scope scope =
        new RootScopeBuilder()
            .reporter(new TimerRecorder(timed))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(50));
    TestActivityEnvironment env =
        TestActivityEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setMetricsScope(scope).build());
    try {
      env.registerActivitiesImplementations(gitea.activities());
      GiteaActivities stub =
          env.newActivityStub(
              GiteaActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      gitea.enqueue(200, "[]");
      stub.openPulls();
      gitea.enqueue(500, "");
      assertThrows(RuntimeException.class, () -> stub.getPull(7));
      scope.close();
    } finally {
      env.close();
    }
    assertTrue(timed.contains("timmy_gitea_request_duration openPulls 200"), timed.toString());
    assertTrue(timed.contains("timmy_gitea_request_duration getPull 500"), timed.toString());
  }

  /** Keeps each reported timer as "name operation status". */
  private record TimerRecorder(List<String> timed) implements StatsReporter {
    @Override
    public void reportTimer(String name, Map<String, String> tags, com.uber.m3.util.Duration d) {
      timed.add(name + " " + tags.get("operation") + " " + tags.get("status"));
    }

    @Override
    public void reportCounter(String name, Map<String, String> tags, long value) {}

    @Override
    public void reportGauge(String name, Map<String, String> tags, double value) {}

    @Override
    public void reportHistogramValueSamples(
        String name, Map<String, String> tags, Buckets b, double lo, double hi, long n) {}

    @Override
    public void reportHistogramDurationSamples(
        String name,
        Map<String, String> tags,
        Buckets b,
        com.uber.m3.util.Duration lo,
        com.uber.m3.util.Duration hi,
        long n) {}

    @Override
    public Capabilities capabilities() {
      return CapableOf.REPORTING;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
