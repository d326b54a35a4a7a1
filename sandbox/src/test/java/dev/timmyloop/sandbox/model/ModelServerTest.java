package dev.timmyloop.sandbox.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripted model over HTTP, on each wire, without any CLI. */
class ModelServerTest {
  private static final String BASH_TOOL =
      "{'name':'Bash','input_schema':{'properties':{'command':{'type':'string'}}}}";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(ModelServer s, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anthropicStreamCarriesTheToolUseAndCountsTheWire() throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.edit("NOTES.md", "done\n"))) {
      HttpResponse<String> r =
          post(
              s,
              "/v1/messages?beta=true",
              "{'stream':true,'messages':[{'role':'user','content':'go'}],'tools':["
                  + BASH_TOOL
                  + "]}");
      assertEquals(200, r.statusCode());
      assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
      assertTrue(r.body().startsWith("event: message_start\n"), r.body());
      assertTrue(r.body().contains("\"name\":\"Bash\""), r.body());
      assertTrue(r.body().contains("\"stop_reason\":\"tool_use\""), r.body());
      assertTrue(r.body().endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
      assertEquals(Map.of(Wire.ANTHROPIC, 1L, Wire.RESPONSES, 0L, Wire.CHAT, 0L), s.requests());
      assertEquals(1, s.commands().size());
    }
  }

  @Test
  void anthropicWithoutStreamAnswersJsonAndCountTokensIsNotAModelCall() throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.edit("NOTES.md", "done\n"))) {
      JsonNode m = Script.JSON.readTree(post(s, "/v1/messages", "{'messages':[]}").body());
      assertEquals("message", m.path("type").asText());
      assertEquals("end_turn", m.path("stop_reason").asText());
      assertEquals(
          10,
          Script.JSON
              .readTree(post(s, "/v1/messages/count_tokens", "{}").body())
              .path("input_tokens")
              .asInt());
      HttpResponse<Void> head =
          http.send(
              HttpRequest.newBuilder(URI.create(s.baseUrl() + "/"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertEquals(200, head.statusCode());
      assertEquals(1, s.requests(Wire.ANTHROPIC));
    }
  }

  @Test
  void responsesStreamEndsWithCompleted() throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.edit("NOTES.md", "done\n"))) {
      String body =
          post(
                  s,
                  "/v1/responses",
                  "{'input':[],'tools':[{'type':'function',"
                      + "'name':'exec_command','parameters':{'properties':{'cmd':{'type':'string'}}}}]}")
              .body();
      assertTrue(body.contains("event: response.output_item.done"), body);
      assertTrue(body.contains("\"type\":\"function_call\""), body);
      assertTrue(body.contains("event: response.completed"), body);
      assertEquals(1, s.requests(Wire.RESPONSES));
    }
  }

  @Test
  void chatCompletionsStreamsAndAnswersPlainJson() throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.edit("NOTES.md", "done\n"))) {
      String stream = post(s, "/v1/chat/completions", "{'stream':true,'messages':[]}").body();
      assertTrue(stream.startsWith("data: {"), stream);
      assertTrue(stream.endsWith("data: [DONE]\n\n"), stream);
      JsonNode plain =
          Script.JSON.readTree(post(s, "/v1/chat/completions", "{'messages':[]}").body());
      assertEquals(
          "NOTES.md\n```\ndone\n```\n",
          plain.path("choices").path(0).path("message").path("content").asText());
      assertEquals(2, s.requests(Wire.CHAT));
    }
  }

  @Test
  void failingAnswersItsStatusOnEveryWire() throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.failing(500))) {
      assertEquals(500, post(s, "/v1/messages", "{}").statusCode());
      assertEquals(500, post(s, "/v1/responses", "{}").statusCode());
      assertEquals(500, post(s, "/v1/chat/completions", "{}").statusCode());
      s.setRecipe(Recipe.failing(404));
      assertEquals(404, post(s, "/v1/messages", "{}").statusCode());
      assertEquals(Map.of(Wire.ANTHROPIC, 2L, Wire.RESPONSES, 1L, Wire.CHAT, 1L), s.requests());
    }
  }

  @Test
  void silentNeverAnswersButCounts() throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.silent())) {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/messages"))
              .timeout(Duration.ofMillis(800))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      assertThrows(
          HttpTimeoutException.class, () -> http.send(req, HttpResponse.BodyHandlers.ofString()));
      assertEquals(1, s.requests(Wire.ANTHROPIC));
    }
  }

  @Test
  void dumpsBodiesWhenAsked(@TempDir Path dir) throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.edit("NOTES.md", "done\n"))) {
      s.dumpBodiesTo(dir);
      post(s, "/v1/chat/completions", "{'messages':[]}");
      assertTrue(Files.exists(dir.resolve("0001-CHAT.json")));
    }
  }

  @Test
  void agentEnvWritesCodexConfigPointingAtTheServer(@TempDir Path home) throws Exception {
    try (ModelServer s = ModelServer.start(Recipe.silent())) {
      Map<String, String> env = AgentEnv.forProfile("codex", s, home);
      String toml = Files.readString(Path.of(env.get("CODEX_HOME"), "config.toml"));
      assertTrue(toml.contains("base_url = \"" + s.baseUrl() + "/v1\""), toml);
      assertTrue(toml.contains("wire_api = \"responses\""), toml);
      assertEquals(home.toAbsolutePath().toString(), env.get("HOME"));
      assertTrue(env.get("TMPDIR").startsWith(home.toAbsolutePath().toString()));
    }
  }
}
