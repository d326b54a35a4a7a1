package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.GiteaTestServer.REPO;
import static dev.timmyloop.activities.gitea.GiteaTestServer.issueJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.PostedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.Status;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Paging as Gitea does it: Link entries joined by "," without a space, X-Total-Count, capped pages.
 */
class GiteaPagingTest {
  private final GiteaTestServer gitea = new GiteaTestServer();

  @AfterEach
  void close() {
    gitea.close();
  }

  private static String issues(long from, long to) {
    return LongStream.rangeClosed(from, to)
        .mapToObj(n -> issueJson(n, "issue " + n))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private String link(int page, String rel) {
    return "<http://localhost:3000"
        + REPO
        + "/issues?limit=3&page="
        + page
        + "&state=open&type=issues>; rel=\""
        + rel
        + "\"";
  }

  @Test
  void threePagesByLinkWithoutSpacesIncludingAShortMiddlePage() {
    GiteaClient client = new GiteaClient(gitea.withPageSize(3));
    gitea.enqueue(
        200, issues(1, 3), "X-Total-Count", "7", "Link", link(2, "next") + "," + link(3, "last"));
    gitea.enqueue(
        200,
        issues(4, 5),
        "X-Total-Count",
        "7",
        "Link",
        link(3, "next") + "," + link(3, "last") + "," + link(1, "first") + "," + link(1, "prev"));
    gitea.enqueue(
        200, issues(6, 7), "X-Total-Count", "7", "Link", link(1, "first") + "," + link(2, "prev"));

    List<Issue> all = client.openIssues();

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), all.stream().map(Issue::number).toList());
    List<RecordedRequest> requests = gitea.takeAll();
    assertEquals(
        List.of("1", "2", "3"),
        requests.stream().map(r -> r.getUrl().queryParameter("page")).toList());
    for (RecordedRequest r : requests) {
      assertEquals("3", r.getUrl().queryParameter("limit"));
      assertEquals("open", r.getUrl().queryParameter("state"));
      assertEquals("issues", r.getUrl().queryParameter("type"));
    }
  }

  private static String statuses(int from, int to) {
    return java.util.stream.IntStream.rangeClosed(from, to)
        .mapToObj(n -> "{\"context\":\"c" + n + "\",\"status\":\"success\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  @Test
  void statusHistoryStopsPagingOnceFiftyAreReadAndKeepsFifty() {
    GiteaClient client = new GiteaClient(gitea.withPageSize(30));
    gitea.enqueue(200, statuses(1, 30), "X-Total-Count", "120");
    gitea.enqueue(200, statuses(31, 60), "X-Total-Count", "120");
    gitea.enqueue(200, statuses(61, 90), "X-Total-Count", "120");
    List<PostedStatus> read = client.statusHistory("abc");
    assertEquals(50, read.size());
    assertEquals("c1", read.get(0).context());
    assertEquals("c50", read.get(49).context());
    assertEquals(2, gitea.takeAll().size(), "no page after the one reaching 50");
  }

  private static String finding(long n, String state, String body) {
    return issueJson(n, "finding " + n)
        .replace("\"body\":\"b\"", "\"body\":\"" + body + "\"")
        .replace("\"state\":\"open\"", "\"state\":\"" + state + "\"");
  }

  @Test
  void aFindingAlreadyOpenStopsTheSearchAtItsPage() {
    GiteaClient client = new GiteaClient(gitea.withPageSize(2));
    String marker = FindingFiler.marker("sig-1").replace("\"", "");
    gitea.enqueue(
        200,
        "[" + finding(9, "open", "x") + "," + finding(8, "closed", marker) + "]",
        "X-Total-Count",
        "6");
    gitea.enqueue(
        200,
        "[" + finding(7, "open", marker) + "," + finding(6, "open", "y") + "]",
        "X-Total-Count",
        "6");
    gitea.enqueue(
        200,
        "[" + finding(5, "open", "z") + "," + finding(4, "open", "w") + "]",
        "X-Total-Count",
        "6");
    var found =
        FindingFiler.file(
            client, new GiteaActivities.NewFinding("sig-1", "t", "b", List.of()), List::of);
    assertEquals(7, found.number());
    assertEquals(false, found.filed());
    assertEquals(2, gitea.takeAll().size(), "the page with the open finding is the last read");
  }

  @Test
  void withoutLinkTheTotalCountStillFetchesTheRest() {
    // The server capped limit=50 to 2 and sent no Link: a short page is not the last one.
    GiteaClient client = gitea.client();
    gitea.enqueue(200, issues(1, 2), "X-Total-Count", "5");
    gitea.enqueue(200, issues(3, 4), "X-Total-Count", "5");
    gitea.enqueue(200, issues(5, 5), "X-Total-Count", "5");
    assertEquals(5, client.openIssues().size());
    assertEquals(3, gitea.takeAll().size());
  }

  @Test
  void nextLinkOnAnotherHostIsFollowedOnOurOwnServer() {
    // Gitea builds Link from its ROOT_URL, which may not be the address we reach it by.
    GiteaClient client = gitea.client();
    gitea.enqueue(
        200,
        issues(1, 1),
        "Link",
        "<https://gitea.example.org"
            + REPO
            + "/issues?limit=50&page=2&state=open&type=issues>; rel=\"next\"");
    gitea.enqueue(200, issues(2, 2));
    assertEquals(2, client.openIssues().size());
    List<RecordedRequest> requests = gitea.takeAll();
    assertEquals("2", requests.get(1).getUrl().queryParameter("page"));
    assertEquals(REPO + "/issues", requests.get(1).getUrl().encodedPath());
  }

  @Test
  void aLinkThatDoesNotMoveForwardEndsPaging() {
    GiteaClient client = gitea.client();
    gitea.enqueue(200, issues(1, 1), "Link", link(1, "next"));
    assertEquals(1, client.openIssues().size());
    assertEquals(1, gitea.takeAll().size());
  }

  @Test
  void anItemShiftedOntoTheNextPageIsKeptOnce() {
    GiteaClient client = gitea.client();
    gitea.enqueue(200, issues(1, 2), "X-Total-Count", "3", "Link", link(2, "next"));
    gitea.enqueue(200, issues(2, 3), "X-Total-Count", "3");
    assertEquals(List.of(1L, 2L, 3L), client.openIssues().stream().map(Issue::number).toList());
  }

  @Test
  void pullRequestsAreNotIssues() {
    GiteaClient client = gitea.client();
    String pr =
        issueJson(9, "a pr")
            .replace("\"pull_request\":null", "\"pull_request\":{\"merged\":false}");
    gitea.enqueue(200, "[" + issueJson(1, "a") + "," + pr + "]");
    assertEquals(List.of(1L), client.openIssues().stream().map(Issue::number).toList());
  }

  @Test
  void combinedStatusOverSeveralPagesIsCombinedOverAll() {
    GiteaClient client = new GiteaClient(gitea.withPageSize(2));
    gitea.enqueue(
        200,
        "{\"sha\":\"abc\",\"state\":\"success\",\"total_count\":3,\"statuses\":["
            + status("a", "success")
            + ","
            + status("b", "success")
            + "]}");
    gitea.enqueue(
        200,
        "{\"sha\":\"abc\",\"state\":\"failure\",\"total_count\":3,\"statuses\":["
            + status("c", "failure")
            + "]}");
    var s = client.combinedStatus("abc");
    assertEquals("failure", s.state());
    assertEquals(List.of("a", "b", "c"), s.statuses().stream().map(Status::context).toList());
    assertEquals(
        List.of("1", "2"),
        gitea.takeAll().stream().map(r -> r.getUrl().queryParameter("page")).toList());
  }

  @Test
  void noStatusYetIsAnEmptyState() {
    GiteaClient client = gitea.client();
    gitea.enqueue(200, "{\"sha\":\"abc\",\"state\":\"\",\"total_count\":0,\"statuses\":[]}");
    assertEquals("", client.combinedStatus("abc").state());
  }

  private static String status(String context, String state) {
    return "{\"context\":\"" + context + "\",\"status\":\"" + state + "\",\"target_url\":\"\"}";
  }
}
