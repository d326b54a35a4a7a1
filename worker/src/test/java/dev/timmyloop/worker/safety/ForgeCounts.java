package dev.timmyloop.worker.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.sandbox.DemoScenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** What the forge and git say, read independently of our own client and state. */
final class ForgeCounts {
  private ForgeCounts() {}

  /** Every issue (kind "issues") or pull ("pulls"), open and closed, as JSON objects. */
  static List<JsonNode> all(DemoScenario demo, String kind) throws Exception {
    String token = Files.readString(demo.tokenFile()).trim();
    HttpClient http = HttpClient.newHttpClient();
    List<JsonNode> out = new ArrayList<>();
    for (int page = 1; page < 100; page++) {
      String url =
          demo.baseUrl()
              + "/api/v1/repos/"
              + demo.owner()
              + "/"
              + demo.repo()
              + "/"
              + kind
              + "?state=all&limit=50&page="
              + page
              + (kind.equals("issues") ? "&type=issues" : "");
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "token " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException(url + " -> " + r.statusCode());
      JsonNode items = new ObjectMapper().readTree(r.body());
      if (items.isEmpty()) break;
      items.forEach(out::add);
    }
    return out;
  }

  /** Commits on the forge's main (fetched into the demo clone). */
  static int mainCommits(DemoScenario demo) throws Exception {
    run(demo, "git", "fetch", "-q", "origin");
    return Integer.parseInt(run(demo, "git", "rev-list", "--count", "origin/main").trim());
  }

  static String run(DemoScenario demo, String... argv) throws Exception {
    Process p =
        new ProcessBuilder(argv)
            .directory(demo.repoPath().toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", argv) + ": " + out);
    return out;
  }
}
