package dev.timmyloop.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.sandbox.FaultMode.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaultModeTest {
  static final String TOKEN = "fault-token";
  @TempDir Path tmp;
  SandboxForge forge;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    forge = SandboxForge.start(tmp.resolve("forge"), 0, TOKEN);
    forge.createRepo("timmy", "t");
    forge.createIssue("timmy", "t", "one", "body of one");
  }

  @AfterEach
  void stop() {
    forge.close();
  }

  private FaultMode only(Fault fault, Duration stall) {
    FaultMode f = new FaultMode(forge.baseUrl(), 1L, 1.0, EnumSet.of(fault), 2, stall);
    forge.setRequestFilter(f);
    return f;
  }

  private HttpResponse<String> send(String method, String path, String body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(forge.baseUrl() + "/api/v1/repos/timmy/t" + path))
            .timeout(timeout)
            .header("Authorization", "token " + TOKEN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path, null, Duration.ofSeconds(30));
  }

  @Test
  void a5xxBurstThenTheRequestGetsThrough() throws Exception {
    only(Fault.BURST_5XX, Duration.ZERO);
    assertEquals(502, get("/issues/1").statusCode());
    assertEquals(502, get("/issues/1").statusCode());
    assertEquals(200, get("/issues/1").statusCode());
  }

  @Test
  void a429CarriesRetryAfter() throws Exception {
    only(Fault.RATE_LIMIT, Duration.ZERO);
    HttpResponse<String> r = get("/issues/1");
    assertEquals(429, r.statusCode());
    assertEquals("1", r.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(200, get("/issues/1").statusCode());
  }

  @Test
  void aTruncatedBodyIsHalfTheRealOne() throws Exception {
    only(Fault.TRUNCATED, Duration.ZERO);
    HttpResponse<String> cut = get("/issues/1");
    HttpResponse<String> whole = get("/issues/1");
    assertEquals(200, cut.statusCode());
    assertEquals(whole.body().substring(0, cut.body().length()), cut.body());
    assertTrue(cut.body().length() < whole.body().length());
    assertThrows(IOException.class, () -> new ObjectMapper().readTree(cut.body()));
  }

  @Test
  void aDroppedConnectionHasNoAnswerAndDoesNoWork() throws Exception {
    only(Fault.DROP, Duration.ZERO);
    assertThrows(
        IOException.class,
        () -> send("POST", "/issues/1/comments", "{\"body\":\"hi\"}", Duration.ofSeconds(30)));
    assertEquals("[]", get("/issues/1/comments").body().replaceAll("\\s", ""));
  }

  @Test
  void aLostReplyHasNoAnswerButTheWorkIsDone() throws Exception {
    only(Fault.LOST_REPLY, Duration.ZERO);
    assertThrows(
        IOException.class,
        () -> send("POST", "/issues/1/comments", "{\"body\":\"hi\"}", Duration.ofSeconds(30)));
    assertTrue(get("/issues/1/comments").body().contains("\"hi\""));
  }

  @Test
  void aStallOutlastsTheClientTimeout() throws Exception {
    only(Fault.STALL, Duration.ofMillis(1500));
    assertThrows(
        HttpTimeoutException.class, () -> send("GET", "/issues/1", null, Duration.ofMillis(300)));
    assertEquals(200, get("/issues/1").statusCode());
  }

  @Test
  void theSameSeedGivesTheSameFaults() throws Exception {
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      forge.setRequestFilter(
          new FaultMode(
              forge.baseUrl(),
              42L,
              0.5,
              EnumSet.of(Fault.BURST_5XX, Fault.RATE_LIMIT),
              2,
              Duration.ZERO));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 20; i++) statuses.add(get("/issues/1?i=" + (i / 3)).statusCode());
      runs.add(statuses);
    }
    assertEquals(runs.get(0), runs.get(1));
    assertTrue(
        runs.get(0).stream().anyMatch(s -> s != 200) && runs.get(0).contains(200), runs.toString());
  }

  @Test
  void aimedFaultsHitTheirRouteInOrderAndNoOtherRequest() throws Exception {
    FaultMode f =
        FaultMode.aimedOnly(forge.baseUrl())
            .aim(
                "POST",
                "/repos/{owner}/{repo}/issues",
                Fault.LOST_REPLY,
                Fault.TRUNCATED,
                Fault.DROP);
    forge.setRequestFilter(f);
    Duration t = Duration.ofSeconds(30);
    assertEquals(200, get("/issues/1").statusCode());
    assertEquals(201, send("POST", "/issues/1/comments", "{\"body\":\"hi\"}", t).statusCode());
    assertThrows(IOException.class, () -> send("POST", "/issues", "{\"title\":\"two\"}", t));
    HttpResponse<String> half = send("POST", "/issues", "{\"title\":\"three\"}", t);
    assertEquals(201, half.statusCode());
    assertThrows(IOException.class, () -> new ObjectMapper().readTree(half.body()));
    assertThrows(IOException.class, () -> send("POST", "/issues", "{\"title\":\"four\"}", t));
    assertEquals(201, send("POST", "/issues", "{\"title\":\"five\"}", t).statusCode());

    List<String> titles = new ArrayList<>();
    new ObjectMapper()
        .readTree(get("/issues?state=all").body())
        .forEach(i -> titles.add(i.get("title").asText()));
    assertEquals(
        List.of("five", "three", "two", "one"), titles, "four was dropped before it was served");
    assertEquals(java.util.Map.of(), f.aimedLeft());
  }
}
