package dev.timmyloop.activities.gitea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request the client makes exists in Gitea's own swagger spec (v1.25.4, copied from
 * shared/gitea): method and path, each query parameter, each JSON body field.
 */
class GiteaSpecContractTest {
  /**
   * MergePullRequestOption was renamed in 1.26.1 (shared/gitea/README.md); the client sends both
   * spellings of title and message, and {@code do} in lower case, which 1.25 matches ignoring case.
   */
  private static final Set<String> MERGE_FIELDS_1_26 =
      Set.of("do", "merge_title_field", "merge_message_field", "merge_commit_id");

  private static JsonNode spec;
  private final GiteaTestServer gitea = new GiteaTestServer();

  @BeforeAll
  static void readSpec() throws Exception {
    try (InputStream in =
        GiteaSpecContractTest.class.getResourceAsStream("/gitea/swagger.v1.json")) {
      spec = new ObjectMapper().readTree(in);
    }
  }

  @AfterEach
  void close() {
    gitea.close();
  }

  private static JsonNode operation(Endpoint e) {
    return spec.path("paths").path(e.template()).path(e.method().toLowerCase(Locale.ROOT));
  }

  @Test
  void everyEndpointTemplateAndMethodIsInTheSpec() {
    for (Endpoint e : Endpoint.values()) {
      assertTrue(
          operation(e).isObject(), e + ": " + e.method() + " " + e.template() + " not in spec");
      String bodyRef = null;
      for (JsonNode p : operation(e).path("parameters")) {
        if (p.path("in").asText().equals("body")) bodyRef = p.path("schema").path("$ref").asText();
      }
      String expected = e.bodySchema() == null ? null : "#/definitions/" + e.bodySchema();
      assertEquals(expected, bodyRef, e + " body schema");
    }
  }

  @Test
  void everyQueryParameterAndBodyFieldTheClientSendsIsInTheSpec() throws Exception {
    List<RecordedRequest> requests = exerciseEveryEndpoint();
    EnumSet<Endpoint> seen = EnumSet.noneOf(Endpoint.class);
    ObjectMapper json = new ObjectMapper();
    for (RecordedRequest r : requests) {
      Endpoint e = match(r);
      seen.add(e);
      JsonNode op = operation(e);
      for (String q : r.getUrl().queryParameterNames()) {
        assertTrue(
            hasParameter(op, q, "query"), e + " sends query parameter " + q + " not in spec");
      }
      if (e.bodySchema() != null) {
        JsonNode props = spec.path("definitions").path(e.bodySchema()).path("properties");
        Iterator<String> fields = json.readTree(r.getBody().utf8()).fieldNames();
        while (fields.hasNext()) {
          String field = fields.next();
          assertTrue(
              inSchema(e, props, field), e + " sends field " + field + " not in " + e.bodySchema());
        }
      } else {
        assertEquals(0, r.getBodySize(), e + " sends a body");
      }
    }
    assertEquals(EnumSet.allOf(Endpoint.class), seen, "endpoints not exercised");
  }

  private static boolean inSchema(Endpoint e, JsonNode props, String field) {
    if (props.has(field)) return true;
    if (e != Endpoint.MERGE_PULL) return false;
    if (MERGE_FIELDS_1_26.contains(field)) return true;
    Iterator<String> names = props.fieldNames();
    while (names.hasNext())
      if (names.next().equalsIgnoreCase(field)) return true; // Go, no json tag
    return false;
  }

  private static boolean hasParameter(JsonNode op, String name, String in) {
    for (JsonNode p : op.path("parameters")) {
      if (p.path("name").asText().equals(name) && p.path("in").asText().equals(in)) return true;
    }
    return false;
  }

  /** The most specific endpoint whose template matches, as Gitea's router picks. */
  private static Endpoint match(RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    List<Endpoint> candidates = new ArrayList<>();
    for (Endpoint e : Endpoint.values()) {
      String regex =
          "/api/v1" + e.template().replace("{head}", "(.+)").replaceAll("\\{[a-z_]+\\}", "([^/]+)");
      if (e.method().equals(r.getMethod()) && path.matches(regex)) candidates.add(e);
    }
    candidates.sort(
        Comparator.comparingLong(e -> e.template().chars().filter(c -> c == '{').count()));
    if (candidates.isEmpty()) fail("no endpoint for " + r.getMethod() + " " + path);
    return candidates.get(0);
  }

  /** One call of every client method, answered with just enough to succeed. */
  private List<RecordedRequest> exerciseEveryEndpoint() {
    GiteaClient c = gitea.client();
    String pull = GiteaTestServer.recorded("pull-7.json");
    gitea.enqueue(
        200,
        "{\"allow_squash_merge\":true,\"allow_fast_forward_only_merge\":true,\"allow_rebase\":false}");
    assertEquals(List.of("fast-forward-only", "squash"), c.mergeStyles());
    gitea.enqueue(200, "[]");
    c.openIssues();
    gitea.enqueueRecorded(200, "issue-12.json");
    c.getIssue(12);
    gitea.enqueueRecorded(201, "issue-12.json");
    c.createIssue("t", "b", List.of(3L));
    gitea.enqueue(200, "[]");
    c.labels();
    gitea.enqueue(201, "{\"id\":9,\"name\":\"bug\",\"color\":\"#ededed\"}");
    c.createLabel("bug", "#ededed");
    gitea.enqueue(200, "[]");
    c.addLabels(12, List.of(9L));
    gitea.enqueue(204, "");
    c.removeLabel(12, 9);
    gitea.enqueue(200, "[]");
    c.comments(12);
    gitea.enqueue(201, "{\"id\":1,\"body\":\"x\"}");
    c.createComment(12, "x");
    gitea.enqueue(200, "[]");
    c.openPulls();
    gitea.enqueue(200, pull);
    c.getPull(7);
    gitea.enqueue(200, pull);
    c.pullByBaseHead("main", "fix/issue-12");
    gitea.enqueue(201, pull);
    c.createPull(new GiteaActivities.NewPull("t", "b", "fix/issue-12", "main"));
    gitea.enqueue(200, "");
    c.updateBranch(7);
    gitea.enqueue(200, "");
    c.merge(new GiteaActivities.MergeRequest(7, "2222", "title", "message", true));
    gitea.enqueue(404, "");
    c.isMerged(7);
    gitea.enqueueRecorded(200, "status-failure.json");
    c.combinedStatus("2222");
    gitea.enqueue(200, "[]");
    c.statusHistory("2222");
    gitea.enqueue(200, "[]");
    c.issuesWithLabel("loop-generated");
    gitea.enqueue(200, "{\"total_count\":0,\"workflow_runs\":[]}");
    CiFailureLogs actions = new CiFailureLogs(c);
    actions.runsFor("2222");
    gitea.enqueue(200, "{\"total_count\":0,\"jobs\":[]}");
    actions.runJobs(4);
    gitea.enqueue(200, "log");
    assertNotNull(actions.jobLog(31));
    return gitea.takeAll();
  }
}
