package dev.timmyloop.cli.restart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The {@code temporal} CLI's answers, read as JSON, for the real-server tests. */
final class RealServerTier {
  static final ObjectMapper JSON = new ObjectMapper();

  private RealServerTier() {}

  /** {@code temporal workflow start … -o json}: the workflow id it started. */
  static String start(RestartWorld w, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("workflow", "start"));
    argv.addAll(List.of(args));
    argv.addAll(List.of("-o", "json"));
    return JSON.readTree(w.temporal(argv.toArray(String[]::new))).path("workflowId").asText();
  }

  /** {@code temporal workflow result -w ID -o json}: the result value (the first payload). */
  static JsonNode result(RestartWorld w, String workflowId) throws Exception {
    // A child the loop has yet to start is not found: ask again for a while.
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    String text;
    while (true) {
      try {
        text = w.temporal("workflow", "result", "-w", workflowId, "-o", "json");
        break;
      } catch (IllegalStateException e) {
        if (!String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("not found")
            || Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
    JsonNode out = JSON.readTree(text);
    JsonNode r = out.path("result");
    return r.isArray() && r.size() > 0 ? r.get(0) : r;
  }

  /** {@code temporal workflow list --query Q -o json}: the workflow ids, sorted. */
  static TreeSet<String> list(RestartWorld w, String query) throws Exception {
    TreeSet<String> ids = new TreeSet<>();
    JsonNode out = JSON.readTree(w.temporal("workflow", "list", "--query", query, "-o", "json"));
    for (JsonNode e : out) ids.add(e.path("execution").path("workflowId").asText());
    return ids;
  }

  /**
   * {@link #list} until it holds at least {@code atLeast} ids (visibility lags the histories a
   * little) or {@code max} passed; the last answer.
   */
  static TreeSet<String> listAtLeast(RestartWorld w, String query, int atLeast, Duration max)
      throws Exception {
    Instant deadline = Instant.now().plus(max);
    TreeSet<String> ids = list(w, query);
    while (ids.size() < atLeast && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      ids = list(w, query);
    }
    return ids;
  }

  /** The event types of a workflow's history ({@code temporal workflow show -o json}). */
  static List<String> events(RestartWorld w, String workflowId) throws Exception {
    JsonNode out = JSON.readTree(w.temporal("workflow", "show", "-w", workflowId, "-o", "json"));
    List<String> types = new ArrayList<>();
    for (JsonNode e : out.path("events")) types.add(e.path("eventType").asText());
    return types;
  }

  /** A workflow's history ({@code temporal workflow show -o json}), each event whole. */
  static List<JsonNode> historyEvents(RestartWorld w, String workflowId) throws Exception {
    JsonNode out = JSON.readTree(w.temporal("workflow", "show", "-w", workflowId, "-o", "json"));
    List<JsonNode> events = new ArrayList<>();
    out.path("events").forEach(events::add);
    return events;
  }

  /**
   * The history's events of {@code type} (e.g. {@code WORKFLOW_TASK_STARTED}), each as its
   * attributes node ({@code identity}, {@code attempt}, …).
   */
  static List<JsonNode> eventAttributes(RestartWorld w, String workflowId, String type)
      throws Exception {
    JsonNode out = JSON.readTree(w.temporal("workflow", "show", "-w", workflowId, "-o", "json"));
    String want = type.replace("_", "").toUpperCase(java.util.Locale.ROOT);
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode e : out.path("events")) {
      if (!e.path("eventType")
          .asText()
          .replace("_", "")
          .toUpperCase(java.util.Locale.ROOT)
          .endsWith(want)) continue;
      e.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().endsWith("EventAttributes")) found.add(field.getValue());
              });
    }
    return found;
  }

  /** How many events of {@code type} ({@code TimerFired}, {@code TIMER_FIRED}: either spelling). */
  static long count(List<String> events, String type) {
    String want = type.replace("_", "").toUpperCase(java.util.Locale.ROOT);
    return events.stream()
        .filter(t -> t.replace("_", "").toUpperCase(java.util.Locale.ROOT).endsWith(want))
        .count();
  }

  /** {@code temporal workflow describe}: the status, e.g. {@code COMPLETED}. */
  static String status(RestartWorld w, String workflowId) throws Exception {
    JsonNode out =
        JSON.readTree(w.temporal("workflow", "describe", "-w", workflowId, "-o", "json"));
    return out.path("workflowExecutionInfo")
        .path("status")
        .asText()
        .replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }
}
