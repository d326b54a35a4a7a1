package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;

/**
 * One API request as the forge (and a {@link RequestFilter}) sees it.
 *
 * @param path the decoded path below the server root, e.g. {@code /api/v1/repos/timmy/demo/issues}
 * @param rawPath the path as sent (segments may hold {@code %2F}, as in a branch name)
 * @param query decoded query parameters, first value per name
 * @param headers request headers (names lower case); never logged, they carry the token
 */
public record ForgeRequest(
    String method,
    String path,
    String rawPath,
    String rawQuery,
    Map<String, String> query,
    Map<String, List<String>> headers,
    byte[] body) {

  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * The JSON body; malformed JSON is a 422 like Gitea's binding error, an empty body is {@code
   * null}.
   */
  JsonNode json() {
    if (body.length == 0) return NullNode.getInstance();
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      return n == null ? NullNode.getInstance() : n;
    } catch (java.io.IOException e) {
      throw ForgeError.unprocessable("[]: DeserializationError: invalid JSON body");
    }
  }

  /** A JSON object body, else 422. */
  JsonNode jsonObject() {
    JsonNode n = json();
    if (n.isNull()) return Json.MAPPER.createObjectNode();
    if (!n.isObject())
      throw ForgeError.unprocessable("[]: DeserializationError: body must be an object");
    return n;
  }

  int intParam(String name, int fallback) {
    String v = query.get(name);
    if (v == null || v.isBlank()) return fallback;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ForgeError.unprocessable("[" + name + "]: must be a number");
    }
  }
}
