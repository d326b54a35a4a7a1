package dev.timmyloop.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;

/**
 * For a {@link RequestFilter} that must let the forge really do the work and then spoil or delay
 * the answer: serves the request through the forge over HTTP, marked with a header only this
 * instance knows, so the filter lets its own copy pass ({@link #isOwn}). Several filters can each
 * have one.
 */
public final class SelfForward {
  private final String baseUrl;
  private final String header =
      "x-sandbox-forward-" + Long.toHexString(new SecureRandom().nextLong());
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public SelfForward(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The copy this instance sent: let it through. */
  public boolean isOwn(ForgeRequest request) {
    return request.header(header) != null;
  }

  /** The forge's own answer to {@code request}, with the headers a client pages by. */
  public ForgeResponse forward(ForgeRequest request) {
    String uri =
        baseUrl + request.rawPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(60))
            .header(header, "1")
            .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (String name : new String[] {"authorization", "content-type", "accept"}) {
      String v = request.header(name);
      if (v != null) b.header(name, v);
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      String type = r.headers().firstValue("content-type").orElse(null);
      ForgeResponse out = new ForgeResponse(r.statusCode(), new LinkedHashMap<>(), r.body(), type);
      r.headers().firstValue("link").ifPresent(v -> out.withHeader("Link", v));
      r.headers().firstValue("x-total-count").ifPresent(v -> out.withHeader("X-Total-Count", v));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("could not forward " + request.method() + " to the forge", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
