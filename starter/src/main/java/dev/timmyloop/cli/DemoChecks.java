package dev.timmyloop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The demo's proof, read from the forge itself rather than from what the workflow says it did. */
record DemoChecks(DemoFacts facts) {
  record Check(String name, boolean ok, String detail) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  List<Check> run(CycleResult result) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            "cycle outcome is ok",
            result != null && "ok".equals(result.outcome()),
            result == null ? "the cycle did not finish" : "outcome " + result.outcome()));
    List<String> messages = squashMessagesOnBase(checks);
    for (long issue : facts.issues()) {
      String state = field("/issues/" + issue, "state");
      checks.add(
          new Check("issue #" + issue + " closed", "closed".equals(state), "state " + state));
      if (messages != null) {
        Pattern ref = Pattern.compile("#" + issue + "(?!\\d)");
        long n = messages.stream().filter(m -> ref.matcher(m).find()).count();
        checks.add(
            new Check(
                "issue #" + issue + ": one squash commit on " + facts.baseBranch(),
                n == 1,
                n + " single-parent commits mention #" + issue));
      }
    }
    for (long pr : List.of(facts.stalePr(), facts.failingPr())) {
      String merged = field("/pulls/" + pr, "merged");
      String kind = pr == facts.stalePr() ? "stale" : "failing";
      checks.add(
          new Check(kind + " PR #" + pr + " merged", "true".equals(merged), "merged " + merged));
    }
    return checks;
  }

  /** One field of a forge object, or a short reason it could not be read. */
  private String field(String path, String name) {
    try {
      String token = Files.readString(facts.tokenFile()).trim();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(facts.apiRepo() + path))
              .header("Authorization", "token " + token)
              .header("Accept", "application/json")
              .timeout(Duration.ofSeconds(10))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) return "unknown (HTTP " + response.statusCode() + ")";
      JsonNode node = JSON.readTree(response.body()).path(name);
      return node.isMissingNode() ? "unknown (no " + name + ")" : node.asText();
    } catch (IOException e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted)";
    }
  }

  /**
   * Messages of the single-parent commits on the forge's base branch; null (and a failed check) if
   * git fails.
   */
  private List<String> squashMessagesOnBase(List<Check> checks) {
    String repo = facts.repoPath().toString();
    String fetch = git("-C", repo, "fetch", "--quiet", facts.remote(), facts.baseBranch());
    String log =
        fetch == null ? null : git("-C", repo, "log", "--format=%P%x1f%B%x1e", "FETCH_HEAD");
    if (log == null) {
      checks.add(
          new Check("git log of " + facts.baseBranch(), false, "git fetch/log failed in " + repo));
      return null;
    }
    List<String> messages = new ArrayList<>();
    for (String entry : log.split("\u001e")) {
      String[] parts = entry.strip().split("\u001f", 2);
      if (parts.length == 2 && !parts[0].isBlank() && !parts[0].trim().contains(" "))
        messages.add(parts[1]);
    }
    return messages;
  }

  private static String git(String... args) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
