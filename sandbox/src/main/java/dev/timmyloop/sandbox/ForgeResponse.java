package dev.timmyloop.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to send: status, extra headers, body bytes and content type ({@code null} for none).
 */
public record ForgeResponse(
    int status, Map<String, String> headers, byte[] body, String contentType) {

  public static ForgeResponse json(int status, Object value) {
    return new ForgeResponse(
        status, new LinkedHashMap<>(), Json.bytes(value), "application/json;charset=utf-8");
  }

  public static ForgeResponse text(int status, String text) {
    return new ForgeResponse(
        status,
        new LinkedHashMap<>(),
        text.getBytes(StandardCharsets.UTF_8),
        "text/plain;charset=utf-8");
  }

  public static ForgeResponse empty(int status) {
    return new ForgeResponse(status, new LinkedHashMap<>(), new byte[0], null);
  }

  /** Gitea's error body: {@code {"message": ..., "url": <swagger url>}}. */
  public static ForgeResponse error(int status, String message, String baseUrl) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("message", message);
    body.put("url", baseUrl + "/api/swagger");
    return json(status, body);
  }

  ForgeResponse withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
