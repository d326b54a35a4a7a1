package dev.timmyloop.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny client over java.net.http for the forge tests (client-free: no product code). */
final class TestApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String token;

  TestApi(String baseUrl, String token) {
    this.base = baseUrl + "/api/v1";
    this.token = token;
  }

  HttpResponse<String> send(String method, String path, String body, String authHeader) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (authHeader != null) b.header("Authorization", authHeader);
    if (body != null) b.header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> call(String method, String path, Object body) {
    try {
      String json =
          body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      return send(method, path, json, "token " + token);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  HttpResponse<String> get(String path) {
    return call("GET", path, null);
  }

  HttpResponse<String> post(String path, Object body) {
    return call("POST", path, body);
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** The JSON body of a response that must have {@code status}. */
  static JsonNode expect(int status, HttpResponse<String> r) {
    if (r.statusCode() != status) {
      throw new AssertionError(
          "expected " + status + " but got " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? null : json(r);
  }
}
