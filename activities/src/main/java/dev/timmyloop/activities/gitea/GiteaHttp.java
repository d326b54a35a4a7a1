package dev.timmyloop.activities.gitea;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.Text;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that executes a Gitea request, maps its status and reads its JSON, and the pager
 * every list endpoint goes through.
 */
final class GiteaHttp {
  private static final Logger log = LoggerFactory.getLogger(GiteaClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** A Link chain longer than this is a server bug, not data (50 000 items at 50 a page). */
  static final int MAX_PAGES = 1000;

  static final IntPredicate ONLY_2XX = status -> false;

  /** A 2xx answer, or a non-2xx one the endpoint treats as a value (merge 405, …). */
  record Answer(int status, String body, Headers headers) {}

  final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final GiteaOptions options;
  private final OkHttpClient http;
  private final HttpUrl apiRoot;
  private final Clock clock;

  GiteaHttp(GiteaOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    // A plain-http forge (the sandbox, a Gitea on localhost) needs no TLS: without a TLS
    // connection spec OkHttp skips loading the JDK trust store, ~0.3 CPU s of worker start-up.
    if (options.baseUrl().startsWith("http://")) {
      builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    this.http =
        builder
            .retryOnConnectionFailure(false) // Temporal retries the activity; never twice over
            // Without OkHttp's retry, a pooled connection the server already closed fails the call:
            // keep idle connections shorter than common server idle timeouts (30 s and up).
            .connectionPool(new ConnectionPool(5, 15, TimeUnit.SECONDS))
            .connectTimeout(options.connectTimeout())
            .readTimeout(options.readTimeout())
            .writeTimeout(options.readTimeout())
            .callTimeout(options.callTimeout())
            .addInterceptor(new RequestLog(options.listener()))
            .build();
    HttpUrl base = HttpUrl.get(options.baseUrl() + "/");
    this.apiRoot =
        options.baseUrl().endsWith("/api/v1")
            ? base
            : base.newBuilder().addPathSegments("api/v1").build();
  }

  GiteaOptions options() {
    return options;
  }

  /**
   * The URL of {@code endpoint} with {@code {owner}} and {@code {repo}} from the options and the
   * other placeholders from {@code params} in order. {@code {head}} keeps its slashes ({@code
   * fix/x}), as Gitea routes it with a wildcard.
   */
  HttpUrl.Builder url(Endpoint endpoint, Object... params) {
    HttpUrl.Builder b = apiRoot.newBuilder();
    int next = 0;
    for (String seg : endpoint.template().substring(1).split("/")) {
      if (seg.equals("{owner}")) b.addPathSegment(options.owner());
      else if (seg.equals("{repo}")) b.addPathSegment(options.repo());
      else if (seg.equals("{head}")) b.addPathSegments(String.valueOf(params[next++]));
      else if (seg.startsWith("{")) b.addPathSegment(String.valueOf(params[next++]));
      else b.addPathSegment(seg);
    }
    if (next != params.length) throw new IllegalArgumentException("params for " + endpoint.id());
    return b;
  }

  /** Executes; 2xx and {@code valueStatus} codes return, every other status throws. */
  Answer execute(Endpoint endpoint, HttpUrl url, Object body, IntPredicate valueStatus) {
    String token = Tokens.check(options.token().get());
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "token " + token)
            .header("Accept", "application/json")
            .method(endpoint.method(), requestBody(endpoint, body))
            .tag(Endpoint.class, endpoint)
            .build();
    try (Response response = http.newCall(request).execute()) {
      int status = response.code();
      String text = response.body().string();
      if ((status >= 200 && status < 300) || valueStatus.test(status)) {
        return new Answer(status, text, response.headers());
      }
      String said = Tokens.scrub(serverMessage(text), token);
      throw GiteaException.ofStatus(
          status,
          endpoint.id(),
          said,
          status == 429 ? RetryAfter.parse(response.header("Retry-After"), clock) : null);
    } catch (IOException e) {
      throw GiteaException.unreachable(endpoint.id(), e);
    }
  }

  Answer execute(Endpoint endpoint, HttpUrl url, Object body) {
    return execute(endpoint, url, body, ONLY_2XX);
  }

  <T> T read(Answer answer, Endpoint endpoint, Class<T> type) {
    return read(answer, endpoint, json.getTypeFactory().constructType(type));
  }

  <T> List<T> readList(Answer answer, Endpoint endpoint, Class<T> element) {
    List<T> list =
        read(answer, endpoint, json.getTypeFactory().constructCollectionType(List.class, element));
    if (list.contains(null))
      throw GiteaException.malformed(answer.status(), endpoint.id(), "null item");
    return list;
  }

  private <T> T read(Answer answer, Endpoint endpoint, JavaType type) {
    try {
      T value = json.readValue(answer.body(), type);
      if (value == null)
        throw GiteaException.malformed(answer.status(), endpoint.id(), "null body");
      return value;
    } catch (JsonProcessingException e) {
      // A body that ends mid-value was cut in transit (a transport fault, retryable); well-formed
      // JSON of the wrong shape stays malformed (not retried).
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof JsonEOFException eof) throw GiteaException.unreachable(endpoint.id(), eof);
      }
      String detail = Text.head(e.getOriginalMessage(), 200);
      throw GiteaException.malformed(answer.status(), endpoint.id(), detail);
    }
  }

  /**
   * Every item of a list endpoint. Follows {@code rel="next"}; when the server gives no Link but
   * {@code X-Total-Count} says more remain, asks for the next page anyway: a short page (the server
   * may cap {@code limit}) is never taken as the last. Items are kept once by {@code key}, since
   * paging over a changing list can repeat one.
   */
  <T> List<T> getAll(
      Endpoint endpoint, HttpUrl first, boolean paged, Class<T> type, Function<T, Object> key) {
    return getAll(endpoint, first, paged, type, key, read -> false);
  }

  /** As above, but stops after the first page where {@code enough} holds for the items read so far. */
  <T> List<T> getAll(
      Endpoint endpoint,
      HttpUrl first,
      boolean paged,
      Class<T> type,
      Function<T, Object> key,
      Predicate<List<T>> enough) {
    HttpUrl url = paged ? withPage(first, 1) : first;
    Map<Object, T> items = new LinkedHashMap<>();
    Long total = null;
    for (int pages = 0; url != null; pages++) {
      if (pages >= MAX_PAGES) {
        throw GiteaException.malformed(200, endpoint.id(), "more than " + MAX_PAGES + " pages");
      }
      Answer answer = execute(endpoint, url, null);
      List<T> page = readList(answer, endpoint, type);
      page.forEach(item -> items.putIfAbsent(key.apply(item), item));
      total = totalCount(answer.headers(), total);
      if (enough.test(new ArrayList<>(items.values()))) return new ArrayList<>(items.values());
      int current = pageOf(url, 1);
      String next = LinkHeader.next(answer.headers().values("Link")).orElse(null);
      if (next != null) {
        url = follow(first, next, current);
      } else if (total != null && items.size() < total && !page.isEmpty()) {
        url = withPage(first, current + 1);
      } else {
        url = null;
      }
    }
    if (total != null && items.size() != total) {
      log.debug("gitea {}: {} items, X-Total-Count said {}", endpoint.id(), items.size(), total);
    }
    return new ArrayList<>(items.values());
  }

  /** Our own URL with the next link's page: never the server's host (its ROOT_URL may differ). */
  private HttpUrl follow(HttpUrl first, String next, int current) {
    HttpUrl parsed = apiRoot.resolve(next);
    int page = parsed == null ? -1 : pageOf(parsed, -1);
    if (page <= current) return null; // a Link that does not move forward would loop
    return withPage(first, page);
  }

  private HttpUrl withPage(HttpUrl url, int page) {
    return url.newBuilder()
        .setQueryParameter("limit", String.valueOf(options.pageSize()))
        .setQueryParameter("page", String.valueOf(page))
        .build();
  }

  private static int pageOf(HttpUrl url, int otherwise) {
    try {
      String p = url.queryParameter("page");
      return p == null ? otherwise : Integer.parseInt(p);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Long totalCount(Headers headers, Long previous) {
    String v = headers.get("X-Total-Count");
    if (v == null) return previous;
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return previous;
    }
  }

  private RequestBody requestBody(Endpoint endpoint, Object body) {
    if (body != null) {
      try {
        return RequestBody.create(json.writeValueAsBytes(body), JSON);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write body of " + endpoint.id(), e);
      }
    }
    boolean needsBody = endpoint.method().equals("POST") || endpoint.method().equals("PUT");
    return needsBody ? RequestBody.create(new byte[0], null) : null;
  }

  /** Gitea's {@code {"message": …}}, else the start of whatever came (an HTML proxy page, …). */
  private String serverMessage(String text) {
    if (text == null || text.isBlank()) return "";
    try {
      GiteaModel.ErrorBody error = json.readValue(text, GiteaModel.ErrorBody.class);
      if (error != null && error.message() != null) return error.message();
    } catch (JsonProcessingException | RuntimeException notJson) {
      // fall through to the raw text
    }
    return Text.head(text.strip().replaceAll("\\s+", " "), 200);
  }
}
