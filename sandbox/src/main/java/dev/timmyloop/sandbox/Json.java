package dev.timmyloop.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Jackson helpers shared by the forge's views and handlers. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

  private Json() {}

  static ObjectNode obj() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode arr() {
    return MAPPER.createArrayNode();
  }

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gitea's timestamps: RFC 3339 with seconds, e.g. {@code 2026-01-02T15:04:05Z}. */
  static String time(Instant t) {
    return t == null ? null : ISO.format(t.truncatedTo(ChronoUnit.SECONDS)).replace("+00:00", "Z");
  }

  /** A text field or {@code null} when absent or JSON null. */
  static String text(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode v = node.get(name);
      if (v != null && !v.isNull()) return v.isTextual() ? v.textValue() : v.toString();
    }
    return null;
  }

  static boolean bool(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v != null && v.asBoolean(false);
  }
}
