package dev.timmyloop.sandbox.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.timmyloop.sandbox.model.Script.Reply;
import dev.timmyloop.sandbox.model.Script.ToolCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted model on 127.0.0.1 that the real agent CLIs talk to instead of a provider, driven by a
 * {@link Recipe}. It speaks Anthropic Messages ({@code POST /v1/messages}, SSE or JSON, plus {@code
 * count_tokens}), OpenAI Responses ({@code POST /v1/responses}, SSE) and OpenAI Chat Completions
 * ({@code POST /v1/chat/completions}, SSE or JSON); {@code HEAD} anything, {@code GET /api/hello}
 * and {@code GET …/models} answer 200; query strings are ignored.
 *
 * <p>Where each CLI states its working directory (the scripted command {@code cd}s there first):
 * Claude Code, "Primary working directory: X" in a {@code role: system} item of {@code messages};
 * Kimi Code, "The current working directory is `X`." in {@code system}; Codex, {@code <cwd>X</cwd>}
 * in an {@code environment_context} user item of {@code input}; legacy kimi-cli, the same sentence
 * as Kimi Code in its {@code role: system} message; aider sends no directory at all (its edit names
 * the file relative to the repository, and it runs in the worktree).
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelServer.class);

  /** One request served: its wire (null when not a model call), what the script found and asked. */
  public record Exchange(
      Instant time,
      String method,
      String path,
      Wire wire,
      int status,
      String worktree,
      String tool,
      String command) {}

  private final HttpServer server;
  private final ExecutorService threads;
  private final String baseUrl;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong ids = new AtomicLong();
  private final Map<Wire, AtomicLong> counts = new EnumMap<>(Wire.class);
  private final ConcurrentLinkedDeque<Exchange> exchanges = new ConcurrentLinkedDeque<>();
  private volatile Recipe recipe;
  private volatile java.util.function.Function<String, Recipe> byWorktree;
  private volatile Path dumpDir;

  private ModelServer(Recipe recipe) throws IOException {
    this.recipe = recipe;
    for (Wire w : Wire.values()) counts.put(w, new AtomicLong());
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    // Unbounded: a SILENT recipe parks one thread per request until close().
    threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "model-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a scripted model on a free port of 127.0.0.1. */
  public static ModelServer start(Recipe recipe) throws IOException {
    ModelServer s = new ModelServer(java.util.Objects.requireNonNull(recipe, "recipe"));
    log.info("scripted model listening on {} ({})", s.baseUrl, recipe.kind());
    return s;
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash and no {@code /v1}. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Changes what the model does from the next request on. */
  public void setRecipe(Recipe recipe) {
    this.recipe = java.util.Objects.requireNonNull(recipe, "recipe");
  }

  /**
   * From the next request on, a model call that states its worktree (null when it states none) gets
   * the recipe {@code choose} picks for it: several jobs, each with its own edit. An outage recipe
   * set with {@link #setRecipe} still wins.
   */
  public void chooseByWorktree(java.util.function.Function<String, Recipe> choose) {
    this.byWorktree = choose;
  }

  /**
   * Writes each request body to {@code dir/NNNN-WIRE.json} (to see what a CLI sends); null stops.
   */
  public void dumpBodiesTo(Path dir) {
    this.dumpDir = dir;
  }

  /** Model calls received so far, per wire (count_tokens, hello and models are not model calls). */
  public Map<Wire, Long> requests() {
    Map<Wire, Long> out = new EnumMap<>(Wire.class);
    counts.forEach((w, n) -> out.put(w, n.get()));
    return out;
  }

  public long requests(Wire wire) {
    return counts.get(wire).get();
  }

  /** Every shell command the model asked a CLI to run, in order. */
  public List<String> commands() {
    List<String> out = new ArrayList<>();
    for (Exchange e : exchanges) if (e.command() != null) out.add(e.command());
    return out;
  }

  /** Every request served, in order. */
  public List<Exchange> exchanges() {
    return new ArrayList<>(exchanges);
  }

  /** Stops listening and releases requests a SILENT recipe holds. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getPath();
    if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
    byte[] body = readBody(ex);
    Wire wire =
        !method.equals("POST")
            ? null
            : path.endsWith("/messages")
                ? Wire.ANTHROPIC
                : path.endsWith("/responses")
                    ? Wire.RESPONSES
                    : path.endsWith("/chat/completions") ? Wire.CHAT : null;
    if (wire != null) counts.get(wire).incrementAndGet();
    long id = ids.incrementAndGet();
    dump(id, wire, path, body);
    Recipe r = recipe;
    boolean recorded = false;
    try {
      if (r.kind() == Recipe.Kind.SILENT) {
        record(method, path, wire, 0);
        closed.await(); // never answers; the client's own timeout or close() ends it
        return;
      }
      if (r.kind() == Recipe.Kind.FAILING) {
        ObjectNode err =
            path.contains("/messages")
                ? Replies.anthropicError(r.status())
                : Replies.openAiError(r.status());
        record(method, path, wire, r.status());
        send(ex, r.status(), err);
        return;
      }
      if (wire == null) {
        int status = other(ex, method, path);
        record(method, path, null, status);
        return;
      }
      JsonNode req = Script.JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
      Script.Ask ask = Script.read(wire, req);
      java.util.function.Function<String, Recipe> choose = byWorktree;
      if (choose != null)
        r = java.util.Objects.requireNonNull(choose.apply(ask.worktree()), "recipe");
      Reply reply = Script.decide(r, ask);
      String model = req.path("model").asText("scripted");
      boolean stream = req.path("stream").asBoolean(wire == Wire.RESPONSES);
      String rid = String.format("%06d", id);
      // Recorded before the reply (here and for FAILING): a client that has its answer also finds
      // it in exchanges().
      ToolCall call = reply instanceof ToolCall c ? c : null;
      exchanges.add(
          new Exchange(
              Instant.now(),
              method,
              path,
              wire,
              200,
              ask.worktree(),
              call == null ? null : call.tool(),
              call == null ? null : call.command()));
      recorded = true;
      switch (wire) {
        case ANTHROPIC -> {
          if (stream) sse(ex, Replies.anthropicStream(reply, rid, model));
          else send(ex, 200, Replies.anthropicMessage(reply, rid, model));
        }
        case RESPONSES -> sse(ex, Replies.responsesStream(reply, rid, model));
        case CHAT -> {
          if (stream) sse(ex, Replies.chatStream(reply, rid, model));
          else send(ex, 200, Replies.chatCompletion(reply, rid, model));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      log.warn("{} {} failed: {}", method, path, e.toString());
      if (!recorded) record(method, path, wire, 500); // else the client got part of a 200
      try {
        send(ex, 500, Replies.openAiError(500));
      } catch (IOException | RuntimeException ignored) {
        // the client is gone or headers were already sent
      }
    } finally {
      ex.close();
    }
  }

  /** The calls besides model turns: probes, count_tokens and the model list. */
  private int other(HttpExchange ex, String method, String path) throws IOException {
    if (method.equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return 200;
    }
    if (path.endsWith("/count_tokens")) {
      send(ex, 200, Script.JSON.createObjectNode().put("input_tokens", 10));
      return 200;
    }
    if (method.equals("GET") && path.endsWith("/models")) {
      ObjectNode list = Script.JSON.createObjectNode().put("object", "list");
      list.putArray("data")
          .addObject()
          .put("id", "scripted")
          .put("object", "model")
          .put("created", 0)
          .put("owned_by", "timmy");
      send(ex, 200, list);
      return 200;
    }
    if (method.equals("GET") && (path.equals("/") || path.equals("/api/hello"))) {
      send(ex, 200, Script.JSON.createObjectNode());
      return 200;
    }
    send(ex, 404, Replies.openAiError(404));
    return 404;
  }

  private void record(String method, String path, Wire wire, int status) {
    exchanges.add(new Exchange(Instant.now(), method, path, wire, status, null, null, null));
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    String enc = ex.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream raw = ex.getRequestBody();
        InputStream in = "gzip".equalsIgnoreCase(enc) ? new GZIPInputStream(raw) : raw) {
      return in.readAllBytes();
    }
  }

  private static void send(HttpExchange ex, int status, JsonNode json) throws IOException {
    byte[] bytes = Script.JSON.writeValueAsBytes(json);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sse(HttpExchange ex, List<Replies.Event> events) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      for (Replies.Event e : events) {
        out.write(e.frame().getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    }
  }

  private void dump(long id, Wire wire, String path, byte[] body) {
    Path dir = dumpDir;
    if (dir == null || body.length == 0) return;
    try {
      Files.createDirectories(dir);
      String name = String.format("%04d-%s.json", id, wire == null ? path.replace('/', '_') : wire);
      Files.write(dir.resolve(name), body);
    } catch (IOException e) {
      log.warn("cannot dump request {}: {}", id, e.toString());
    }
  }
}
