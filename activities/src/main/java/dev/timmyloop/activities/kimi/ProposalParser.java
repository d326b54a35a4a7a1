package dev.timmyloop.activities.kimi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.kimi.KimiActivities.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Phase 3: the agent's proposals out of its output. Anything malformed is dropped with a reason. */
public final class ProposalParser {
  public static final Set<String> KINDS =
      Set.of("bug", "optimization", "feature", "refactor", "timmy-capability", "soul-gap");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProposalParser() {}

  public record Parsed(List<Proposal> proposals, List<String> dropped) {}

  /** The first JSON array in {@code output} (the agent may print other lines around it). */
  public static Parsed parse(String output) {
    List<Proposal> ok = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    JsonNode array = firstArray(output == null ? "" : output);
    if (array == null) {
      dropped.add("no JSON array in the agent's output");
      return new Parsed(ok, dropped);
    }
    int i = 0;
    for (JsonNode item : array) {
      String why = problem(item);
      if (why == null) {
        ok.add(new Proposal(item.get("kind").asText(), item.get("title").asText().strip(), item.path("body").asText("")));
      } else {
        dropped.add("entry " + i + ": " + why);
      }
      i++;
    }
    return new Parsed(ok, dropped);
  }

  private static String problem(JsonNode item) {
    if (!item.isObject()) return "not an object";
    JsonNode kind = item.get("kind");
    JsonNode title = item.get("title");
    JsonNode body = item.get("body");
    if (kind == null || !kind.isTextual() || !KINDS.contains(kind.asText())) return "unknown kind " + kind;
    if (title == null || !title.isTextual() || title.asText().isBlank()) return "no title";
    if (title.asText().length() > 200 || title.asText().strip().contains("\n")) return "title too long or not one line";
    if (body != null && !body.isTextual() && !body.isNull()) return "body is not a string";
    return null;
  }

  private static JsonNode firstArray(String text) {
    for (int at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) {
      JsonNode node = prefixArray(text.substring(at));
      if (node != null) return node;
    }
    return null;
  }

  /** Parses one array value and ignores whatever follows it. */
  private static JsonNode prefixArray(String text) {
    try (var parser = JSON.getFactory().createParser(text)) {
      JsonNode node = JSON.readTree(parser);
      return node != null && node.isArray() ? node : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
