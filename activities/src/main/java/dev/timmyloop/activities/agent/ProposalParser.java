package dev.timmyloop.activities.agent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.agent.AgentActivities.Proposal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Phase 3 (fill the queue): finds the proposals in the agent's output and keeps only well-formed
 * ones. The output is data: it is parsed as JSON, never evaluated.
 */
final class ProposalParser {
  static final Set<String> KINDS =
      Set.of("bug", "optimization", "feature", "refactor", "timmy-capability", "soul-gap");
  static final int MAX_TITLE = 200;
  private static final int MAX_TRIES = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Parsed(List<Proposal> proposals, List<String> dropped) {}

  private ProposalParser() {}

  static Parsed parse(String output) {
    List<Proposal> proposals = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    Optional<JsonNode> array = firstArray(output);
    if (array.isEmpty()) {
      dropped.add("no JSON array of proposals in the output");
      return new Parsed(proposals, dropped);
    }
    int i = 0;
    for (JsonNode entry : array.get()) {
      String why = problem(entry);
      if (why == null) {
        proposals.add(
            new Proposal(
                entry.get("kind").asText().trim(),
                entry.get("title").asText().trim(),
                entry.get("body").asText()));
      } else {
        dropped.add("entry " + i + ": " + why);
      }
      i++;
    }
    return new Parsed(proposals, dropped);
  }

  /** The reason an entry is malformed, or null when it is fine. */
  static String problem(JsonNode e) {
    if (!e.isObject()) return "not an object";
    JsonNode kind = e.get("kind");
    if (kind == null || !kind.isTextual()) return "kind is missing or not a string";
    if (!KINDS.contains(kind.asText().trim())) {
      return "kind '" + Text.head(kind.asText(), 40) + "' is not one of " + KINDS;
    }
    JsonNode title = e.get("title");
    if (title == null || !title.isTextual() || title.asText().isBlank())
      return "title is missing or blank";
    String t = title.asText().trim();
    if (t.length() > MAX_TITLE) return "title is longer than " + MAX_TITLE + " characters";
    if (t.contains("\n") || t.contains("\r")) return "title is not a single line";
    JsonNode body = e.get("body");
    if (body == null || !body.isTextual()) return "body is missing or not a string";
    return null;
  }

  /**
   * The first JSON array in the text that holds an object (else an empty array, if one was seen).
   * Agents print other lines around it (progress like {@code [1/3]}, {@code TurnEnd()}), so each
   * {@code [} is tried in turn.
   */
  static Optional<JsonNode> firstArray(String text) {
    char[] chars = text.toCharArray();
    Optional<JsonNode> empty = Optional.empty();
    int tries = 0;
    for (int at = text.indexOf('[');
        at >= 0 && tries < MAX_TRIES;
        at = text.indexOf('[', at + 1), tries++) {
      try (JsonParser p = JSON.getFactory().createParser(chars, at, chars.length - at)) {
        JsonNode node = JSON.readTree(p);
        if (node == null || !node.isArray()) continue;
        if (hasObject(node)) return Optional.of(node);
        if (node.isEmpty() && empty.isEmpty()) empty = Optional.of(node);
      } catch (Exception e) {
        // not JSON here; try the next bracket
      }
    }
    return empty;
  }

  private static boolean hasObject(JsonNode array) {
    for (JsonNode n : array) if (n.isObject()) return true;
    return false;
  }
}
