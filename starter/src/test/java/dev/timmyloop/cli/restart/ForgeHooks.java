package dev.timmyloop.cli.restart;

import dev.timmyloop.sandbox.ForgeRequest;
import dev.timmyloop.sandbox.ForgeResponse;
import dev.timmyloop.sandbox.RequestFilter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The forge's request seam, for kill points: hold the next request of a route until the test says
 * go, or serve it first (through the forge itself) and run an action before the answer goes back.
 * Every other request passes untouched.
 */
final class ForgeHooks implements RequestFilter {
  private static final String BYPASS = "x-restart-test-bypass";

  private final String baseUrl;
  private final String bypassValue = Long.toHexString(new java.security.SecureRandom().nextLong());
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<Hook> hooks = new CopyOnWriteArrayList<>();

  ForgeHooks(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The next request of {@code method template} waits until {@link Hook#release}. */
  Hook holdNext(String method, String template) {
    Hook h = new Hook(method, template, null);
    hooks.add(h);
    return h;
  }

  /**
   * The next request of {@code method template} is served, then {@code action} runs, then the
   * answer is sent (to whoever is still listening).
   */
  Hook afterServed(String method, String template, Runnable action) {
    Hook h = new Hook(method, template, action);
    hooks.add(h);
    return h;
  }

  @Override
  public ForgeResponse intercept(ForgeRequest request, String routeTemplate) {
    if (bypassValue.equals(request.header(BYPASS)) || routeTemplate == null) return null;
    for (Hook h : hooks) {
      if (!h.method.equals(request.method()) || !h.template.equals(routeTemplate)) continue;
      if (!hooks.remove(h)) continue; // another thread took it
      h.arrived.countDown();
      if (h.action == null) {
        await(h.released);
        return null;
      }
      ForgeResponse real = forward(request);
      h.action.run();
      return real;
    }
    return null;
  }

  private ForgeResponse forward(ForgeRequest request) {
    String uri = baseUrl + request.rawPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofSeconds(60))
            .header(BYPASS, bypassValue)
            .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (String name : new String[] {"authorization", "content-type", "accept"}) {
      String v = request.header(name);
      if (v != null) b.header(name, v);
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new ForgeResponse(
          r.statusCode(),
          new LinkedHashMap<>(),
          r.body(),
          r.headers().firstValue("content-type").orElse(null));
    } catch (IOException e) {
      throw new IllegalStateException("could not forward " + request.method(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static final class Hook {
    final String method;
    final String template;
    final Runnable action;
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    private Hook(String method, String template, Runnable action) {
      this.method = method;
      this.template = template;
      this.action = action;
    }

    boolean hasArrived() {
      return arrived.getCount() == 0;
    }

    boolean awaitArrived(Duration max) throws InterruptedException {
      return arrived.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
      released.countDown();
    }
  }
}
