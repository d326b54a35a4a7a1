package dev.timmyloop.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: turns an exchange into a {@link ForgeRequest}, routes it, runs the {@link
 * RequestFilter} seam, checks the token, calls the handler, maps errors to Gitea's error body, and
 * counts. Nothing here logs headers (the token).
 */
final class HttpFront {
  private static final Logger log = LoggerFactory.getLogger(HttpFront.class);
  private static final int LOG_CAPACITY = 20_000;

  private final SandboxForge forge;
  private final Router router;
  private final String token;
  private volatile RequestFilter filter = RequestFilter.NONE;
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final ConcurrentLinkedDeque<RequestRecord> requests = new ConcurrentLinkedDeque<>();

  HttpFront(SandboxForge forge, Router router, String token) {
    this.forge = forge;
    this.router = router;
    this.token = token;
  }

  void setFilter(RequestFilter filter) {
    this.filter = filter == null ? RequestFilter.NONE : filter;
  }

  Map<String, Long> counters() {
    Map<String, Long> out = new java.util.TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  List<RequestRecord> requestLog() {
    return new ArrayList<>(requests);
  }

  void handle(HttpExchange ex) throws IOException {
    long start = System.nanoTime();
    ForgeRequest req = read(ex);
    String route = null;
    ForgeResponse resp;
    try {
      List<String> segs =
          req.rawPath().startsWith(Router.PREFIX + "/")
              ? Router.split(req.rawPath().substring(Router.PREFIX.length()))
              : null;
      Router.Match m = segs == null ? null : router.match(req.method(), segs);
      route = m == null ? null : m.route().template();
      ForgeResponse injected = filter.intercept(req, route);
      if (injected != null) {
        resp = injected;
      } else {
        if (m == null && segs != null && router.pathExists(segs)) {
          throw new ForgeError(405, "method not allowed");
        }
        if (m == null) throw ForgeError.notFound("route");
        if (!route.equals("/version")) authenticate(req);
        resp = m.route().handler().handle(new Router.Call(req, m.params(), forge));
      }
    } catch (ForgeError e) {
      resp = ForgeResponse.error(e.status, e.getMessage(), forge.baseUrl());
    } catch (RuntimeException e) {
      log.warn("{} {} failed", req.method(), req.path(), e);
      resp = ForgeResponse.error(500, "internal error: " + e.getMessage(), forge.baseUrl());
    }
    write(ex, resp);
    String key = req.method() + " " + (route == null ? "(unmatched)" : route);
    counters.computeIfAbsent(key, k -> new LongAdder()).increment();
    requests.add(
        new RequestRecord(
            Instant.now(),
            req.method(),
            req.path(),
            route,
            resp.status(),
            (System.nanoTime() - start) / 1000));
    while (requests.size() > LOG_CAPACITY) requests.pollFirst();
  }

  /** {@code Authorization: token <T>} or {@code bearer <T>}, prefix in any case; else 401. */
  private void authenticate(ForgeRequest req) {
    String auth = req.header("authorization");
    if (auth == null || auth.isBlank()) throw new ForgeError(401, "token is required");
    String[] parts = auth.trim().split("\\s+", 2);
    String scheme = parts[0].toLowerCase(Locale.ROOT);
    if (parts.length != 2 || !(scheme.equals("token") || scheme.equals("bearer"))) {
      throw new ForgeError(401, "unsupported authorization scheme");
    }
    if (!java.security.MessageDigest.isEqual(
        parts[1].trim().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      throw new ForgeError(401, "user does not exist or the token is invalid");
    }
  }

  private static ForgeRequest read(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    String rawPath = ex.getRequestURI().getRawPath();
    StringBuilder path = new StringBuilder();
    for (String seg : rawPath.split("/", -1)) {
      if (path.length() > 0 || !seg.isEmpty()) path.append('/');
      path.append(URLDecoder.decode(seg.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    String rawQuery = ex.getRequestURI().getRawQuery();
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.putIfAbsent(k, v);
      }
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    String p =
        path.length() > 1 && path.charAt(path.length() - 1) == '/'
            ? path.substring(0, path.length() - 1)
            : path.toString();
    return new ForgeRequest(
        ex.getRequestMethod().toUpperCase(Locale.ROOT), p, rawPath, rawQuery, query, headers, body);
  }

  private static void write(HttpExchange ex, ForgeResponse resp) throws IOException {
    resp.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    if (resp.contentType() != null) ex.getResponseHeaders().set("Content-Type", resp.contentType());
    boolean noBody =
        resp.body().length == 0
            || resp.status() == 204
            || resp.status() == 304
            || ex.getRequestMethod().equalsIgnoreCase("HEAD");
    ex.sendResponseHeaders(resp.status(), noBody ? -1 : resp.body().length);
    if (!noBody) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(resp.body());
      }
    }
    ex.close();
  }
}
