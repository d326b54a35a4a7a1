package dev.timmyloop.activities.gitea;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.ActivityMetrics;
import dev.timmyloop.activities.Text;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that executes a Gitea request: maps its status, reads its JSON, logs and times it,
 * and pages every list endpoint.
 */
final class GiteaHttp {
  private static final Logger log = LoggerFactory.getLogger(GiteaClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** A Link chain longer than this is a server bug, not data (50 000 items at 50 a page). */
  static final int MAX_PAGES = 1000;

  static final IntPredicate ONLY_2XX = status -> false;

  /** A 2xx answer, or a non-2xx one the endpoint treats as a value (merge 405, …). */
  record Answer(int status, String body, Headers headers) {}

  final ObjectMapper json = new ObjectMapper();
  final GiteaOptions options;
  private final OkHttpClient http;
  private final HttpUrl apiRoot;

  GiteaHttp(GiteaOptions options) {
    this.options = options;
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
            .build();
    HttpUrl base = HttpUrl.get(options.baseUrl() + "/");
    this.apiRoot =
        options.baseUrl().endsWith("/api/v1")
            ? base
            : base.newBuilder().addPathSegments("api/v1").build();
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
            .build();
    if (log.isTraceEnabled())
      log.trace("gitea {} headers: {}", endpoint.id(), redacted(request.headers()));
    long start = System.nanoTime();
    int status = 0;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      String text = response.body().string();
      if ((status >= 200 && status < 300) || valueStatus.test(status)) {
        return new Answer(status, text, response.headers());
      }
      String said = Tokens.redact(serverMessage(text), token);
      throw GiteaException.ofStatus(
          status,
          endpoint.id(),
          said,
          status == 429
              ? RetryAfter.parse(response.header("Retry-After"), Clock.systemUTC())
              : null);
    } catch (IOException e) {
      throw GiteaException.unreachable(endpoint.id(), e);
    } finally {
      observe(endpoint, status, System.nanoTime() - start);
    }
  }

  Answer execute(Endpoint endpoint, HttpUrl url, Object body) {
    return execute(endpoint, url, body, ONLY_2XX);
  }

  /**
   * One debug line per request and {@code timmy_gitea_request_duration{operation,status}} in the
   * current activity's metrics scope; {@code status} is {@code none} when no answer came.
   */
  private static void observe(Endpoint endpoint, int status, long nanos) {
    log.debug(
        "gitea {} {} -> {} in {} ms", endpoint.method(), endpoint.id(), status, nanos / 1_000_000);
    String code = status == 0 ? "none" : Integer.toString(status);
    try {
      ActivityMetrics.time(
          ActivityMetrics.GITEA_REQUEST_DURATION,
          nanos,
          "operation",
          endpoint.id(),
          "status",
          code);
    } catch (RuntimeException e) {
      log.warn("gitea metrics failed on {}", endpoint.id(), e); // metrics must not break a call
    }
  }

  /** The headers as one line with the secret ones blanked: the token must never reach a log. */
  static String redacted(Headers headers) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      boolean secret = name.toLowerCase(Locale.ROOT).contains("authorization");
      sb.append(sb.length() > 0 ? "; " : "").append(name).append(": ");
      sb.append(secret ? "<redacted>" : headers.value(i));
    }
    return sb.toString();
  }

  /** The field's text; "" when it is missing or null. */
  static String text(JsonNode n, String field) {
    return n.path(field).asText("");
  }

  /** Each element of a JSON array, read by {@code item}. */
  static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
    return StreamSupport.stream(array.spliterator(), false).map(item).toList();
  }

  /** The answer's JSON object; anything else is malformed. */
  JsonNode object(Answer answer, Endpoint endpoint) {
    JsonNode node = read(answer, endpoint);
    if (!node.isObject())
      throw GiteaException.malformed(answer.status(), endpoint.id(), "not an object");
    return node;
  }

  /** The answer's JSON array of objects; anything else is malformed. */
  List<JsonNode> objects(Answer answer, Endpoint endpoint) {
    JsonNode node = read(answer, endpoint);
    if (!node.isArray())
      throw GiteaException.malformed(answer.status(), endpoint.id(), "not a list");
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isObject())
        throw GiteaException.malformed(answer.status(), endpoint.id(), "not an object item");
      items.add(item);
    }
    return items;
  }

  private JsonNode read(Answer answer, Endpoint endpoint) {
    try {
      JsonNode node = json.readTree(answer.body());
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw GiteaException.malformed(answer.status(), endpoint.id(), "null body");
      }
      return node;
    } catch (JsonProcessingException e) {
      if (cut(answer.body(), e)) throw GiteaException.unreachable(endpoint.id(), e);
      String detail = Text.head(e.getOriginalMessage(), 200);
      throw GiteaException.malformed(answer.status(), endpoint.id(), detail);
    }
  }

  /**
   * Whether the body ends where the JSON broke off: it was cut in transit (a transport fault,
   * retryable), wherever the cut fell (mid-string, after a comma, mid-{@code false}). JSON that is
   * wrong before its end stays malformed (not retried).
   */
  static boolean cut(String body, JsonProcessingException e) {
    if (e instanceof JsonEOFException) return true;
    JsonLocation at = e.getLocation();
    long offset = at == null ? -1 : Math.max(at.getCharOffset(), at.getByteOffset());
    if (offset < 0) return false;
    String rest = body.substring((int) Math.min(offset, body.length())).strip();
    return rest.isEmpty() || Stream.of("true", "false", "null").anyMatch(w -> w.startsWith(rest));
  }

  /**
   * Every item of a list endpoint, read by {@code item}. Follows {@code rel="next"}; when the
   * server gives no Link but {@code X-Total-Count} says more remain, asks for the next page anyway:
   * a short page (the server may cap {@code limit}) is never taken as the last. Items are kept once
   * by {@code key}, since paging over a changing list can repeat one. Stops after the first page
   * where {@code enough} holds for the items read so far.
   */
  <T> List<T> getAll(
      Endpoint endpoint,
      HttpUrl first,
      boolean paged,
      Function<JsonNode, T> item,
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
      List<JsonNode> page = objects(answer, endpoint);
      for (JsonNode node : page) {
        T t = item.apply(node);
        items.putIfAbsent(key.apply(t), t);
      }
      total = totalCount(answer.headers(), total);
      if (enough.test(new ArrayList<>(items.values()))) break;
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
    return new ArrayList<>(items.values());
  }

  /** Our own URL with the next link's page: never the server's host (its ROOT_URL may differ). */
  private HttpUrl follow(HttpUrl first, String next, int current) {
    HttpUrl parsed = apiRoot.resolve(next);
    int page = parsed == null ? -1 : pageOf(parsed, -1);
    if (page <= current) return null; // a Link that does not move forward would loop
    return withPage(first, page);
  }

  HttpUrl withPage(HttpUrl url, int page) {
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
    try {
      String v = headers.get("X-Total-Count");
      return v == null ? previous : Long.valueOf(v.trim());
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
  String serverMessage(String text) {
    if (text == null || text.isBlank()) return "";
    try {
      JsonNode message = json.readTree(text).path("message");
      if (message.isTextual()) return message.asText();
    } catch (JsonProcessingException | RuntimeException notJson) {
      // fall through to the raw text
    }
    return Text.head(text.strip().replaceAll("\\s+", " "), 200);
  }
}
