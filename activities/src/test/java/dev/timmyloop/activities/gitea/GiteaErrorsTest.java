package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.GiteaTestServer.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Recorded Gitea error answers: each is a typed outcome or a clearly (non-)retryable failure. */
class GiteaErrorsTest {
  private final GiteaTestServer gitea = new GiteaTestServer();
  private final GiteaActivitiesImpl activities = gitea.activities();

  @AfterEach
  void close() {
    gitea.close();
  }

  @Test
  void unauthorizedIsNonRetryableAuthNamingStatusEndpointAndServerMessage() {
    gitea.enqueueRecorded(401, "error-401.json");
    ApplicationFailure f = fails(activities::openIssues);
    assertEquals(FailureTypes.GITEA_AUTH, f.getType());
    assertTrue(f.isNonRetryable());
    assertEquals(
        "Gitea 401 on openIssues: token is required (check giteaTokenFile)",
        f.getOriginalMessage());
  }

  @Test
  void forbiddenIsNonRetryableAuth() {
    gitea.enqueueRecorded(403, "error-403.json");
    ApplicationFailure f = fails(() -> activities.getPull(7));
    assertEquals(FailureTypes.GITEA_AUTH, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().startsWith("Gitea 403 on getPull: token does not have"));
  }

  @Test
  void notFoundWithEmptyBodyIsNonRetryableNotFound() {
    gitea.enqueue(404, "");
    ApplicationFailure f = fails(() -> activities.getPull(99));
    assertEquals(FailureTypes.GITEA_NOT_FOUND, f.getType());
    assertTrue(f.isNonRetryable());
    assertEquals("Gitea 404 on getPull: (no message)", f.getOriginalMessage());
  }

  @Test
  void unprocessableIsNonRetryableRejectedWithTheFormMessage() {
    gitea.enqueue(200, "[]"); // no open issue with that title yet
    gitea.enqueueRecorded(422, "error-422.json");
    ApplicationFailure f = fails(() -> activities.createIssue(new NewIssue("", "b", List.of())));
    assertEquals(FailureTypes.GITEA_REJECTED, f.getType());
    assertTrue(f.isNonRetryable());
    assertEquals("Gitea 422 on createIssue: [Title]: Required", f.getOriginalMessage());
  }

  @Test
  void mergeNotReadyIsAValue() {
    gitea.enqueue(404, ""); // is-merged: no
    gitea.enqueueRecorded(405, "error-405-merge.json");
    gitea.enqueue(404, ""); // still not merged
    var outcome = activities.merge(new MergeRequest(7, "2222", "t", "m", true));
    assertEquals(MergeStatus.NOT_READY, outcome.status());
    assertEquals("Please try again later", outcome.message());
  }

  @Test
  void mergeStaleHeadIsAValue() {
    gitea.enqueue(404, "");
    gitea.enqueueRecorded(409, "error-409-merge.json");
    gitea.enqueue(404, "");
    var outcome = activities.merge(new MergeRequest(7, "2222", "t", "m", true));
    assertEquals(MergeStatus.CONFLICT_OR_STALE_HEAD, outcome.status());
    assertEquals("head out of date", outcome.message());
  }

  @Test
  void updateConflictIsAValue() {
    gitea.enqueueRecorded(200, "pull-7.json");
    gitea.enqueueRecorded(409, "error-409-update.json");
    var outcome = activities.updateBranch(7);
    assertEquals(UpdateStatus.CONFLICT, outcome.status());
    assertEquals("rebase failed because of conflict", outcome.message());
  }

  @Test
  void rateLimitedIsRetryableAfterRetryAfterSeconds() {
    gitea.enqueueRecorded(429, "error-429.json", "Retry-After", "17");
    ApplicationFailure f = fails(activities::openPulls);
    assertEquals(FailureTypes.GITEA_RATE_LIMITED, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals(Duration.ofSeconds(17), f.getNextRetryDelay());
    assertEquals("Gitea 429 on openPulls: rate limit exceeded", f.getOriginalMessage());
  }

  @Test
  void rateLimitedWithoutRetryAfterLeavesTheDelayToThePolicy() {
    gitea.enqueue(429, "");
    ApplicationFailure f = fails(activities::openPulls);
    assertEquals(FailureTypes.GITEA_RATE_LIMITED, f.getType());
    assertFalse(f.isNonRetryable());
    assertNull(f.getNextRetryDelay());
  }

  @Test
  void serverErrorIsRetryable() {
    gitea.enqueueRecorded(500, "error-500.json");
    ApplicationFailure f = fails(() -> activities.combinedStatus("2222"));
    assertEquals(FailureTypes.GITEA_UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
    assertEquals("Gitea 500 on combinedStatus: (no message)", f.getOriginalMessage());
  }

  @Test
  void htmlFromAProxyIsReportedShortly() {
    gitea.enqueue(502, "<html><body><h1>502 Bad Gateway</h1>\n</body></html>");
    ApplicationFailure f = fails(activities::openIssues);
    assertFalse(f.isNonRetryable());
    assertEquals(
        "Gitea 502 on openIssues: <html><body><h1>502 Bad Gateway</h1> </body></html>",
        f.getOriginalMessage());
  }

  @Test
  void malformedJsonInA2xxIsNonRetryable() {
    gitea.enqueue(200, "{\"number\": 7, \"title\": }");
    ApplicationFailure f = fails(() -> activities.getPull(7));
    assertEquals(FailureTypes.GITEA_MALFORMED, f.getType());
    assertTrue(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().startsWith("Gitea 200 on getPull gave malformed JSON: "));
  }

  @Test
  void aBodyCutAnywhereIsATransportFault() {
    // FaultMode's TRUNCATED halves a real answer: after a comma, mid-false, mid-number, mid-key.
    String pull =
        "{\"number\":7,\"title\":\"t\",\"merged\":false,\"head\":{\"sha\":\"ab\"},\"labels\":[{\"id\":1}]}";
    for (int end = 1; end < pull.length(); end++) {
      String body = pull.substring(0, end);
      gitea.enqueue(200, body);
      ApplicationFailure f = fails(() -> activities.getPull(7));
      assertEquals(FailureTypes.GITEA_UNAVAILABLE, f.getType(), body + " → " + f.getMessage());
    }
  }

  @Test
  void anObjectWhereAListBelongsIsMalformed() {
    gitea.enqueue(200, "{\"message\":\"not a list\"}");
    ApplicationFailure f = fails(activities::openIssues);
    assertEquals(FailureTypes.GITEA_MALFORMED, f.getType());
  }

  @Test
  void droppedConnectionIsRetryableAndNotRetriedByOkHttp() {
    gitea.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    gitea.enqueue(200, "[]"); // what a silent OkHttp retry would get
    ApplicationFailure f = fails(activities::openPulls);
    assertEquals(FailureTypes.GITEA_UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
    assertTrue(f.getOriginalMessage().startsWith("Gitea unreachable on openPulls: "));
    assertEquals(1, gitea.server.getRequestCount());
  }

  @Test
  void readTimeoutIsRetryable() {
    GiteaActivitiesImpl impatient =
        new GiteaActivitiesImpl(
            gitea.options(
                gitea.server.url("/").toString(), () -> TOKEN, Duration.ofMillis(200), 50));
    gitea.enqueue(
        new MockResponse.Builder().code(200).body("[]").headersDelay(3, TimeUnit.SECONDS).build());
    ApplicationFailure f = fails(impatient::openPulls);
    assertEquals(FailureTypes.GITEA_UNAVAILABLE, f.getType());
    assertFalse(f.isNonRetryable());
  }

  /** Runs {@code call}, expects an ApplicationFailure, and checks the token is nowhere in it. */
  private static ApplicationFailure fails(Executable call) {
    ApplicationFailure f = assertThrows(ApplicationFailure.class, call);
    StringWriter trace = new StringWriter();
    f.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(TOKEN), "token leaked: " + trace);
    assertFalse(String.valueOf(f.getMessage()).contains(TOKEN));
    return f;
  }
}
