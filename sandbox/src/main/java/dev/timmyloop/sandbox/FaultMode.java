package dev.timmyloop.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;

/**
 * A faulty Gitea: a {@link RequestFilter} that, for a seeded-random fraction of requests, answers
 * with a 502 burst, a 429 with {@code Retry-After: 1}, a stall longer than the client time-out, a
 * 200 whose JSON is cut in half, or a dropped connection. The same request (method, path and query)
 * is never faulted twice running, so every retry eventually gets through.
 *
 * <p>{@link Fault#TRUNCATED} and {@link Fault#LOST_REPLY} forward the request to the forge itself
 * (marked so this filter lets it pass), so the work is really done and only the answer is spoiled:
 * the case where a retry must not do it twice. {@link #aim} points chosen faults at one route (the
 * POSTs that create issues and PRs and merge), whatever the randomness says.
 */
public final class FaultMode implements RequestFilter {
  public enum Fault {
    /** {@code burst} 502s in a row on the same request. */
    BURST_5XX,
    /** 429 with {@code Retry-After: 1}. */
    RATE_LIMIT,
    /** Sleeps {@code stall}, then lets the request through (the client has given up by then). */
    STALL,
    /** The real answer, its body cut in half (Content-Length matches the cut body). */
    TRUNCATED,
    /** The connection closed without a response, before the request is served. */
    DROP,
    /** The request is served, then the connection closed without a response. */
    LOST_REPLY
  }

  private final String baseUrl;
  private final SelfForward self;
  private final Random random;
  private final double fraction;
  private final Fault[] faults;
  private final int burst;
  private final Duration stall;
  private final Map<String, Integer> burstLeft = new ConcurrentHashMap<>();
  private final Set<String> lastFaulted = ConcurrentHashMap.newKeySet();
  private final Map<Fault, LongAdder> injected = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> aimed = new ConcurrentHashMap<>();

  /**
   * @param baseUrl the forge's base URL, used to forward requests for TRUNCATED and LOST_REPLY
   * @param seed the randomness seed: the same seed and request order give the same faults
   * @param fraction the share of requests (0..1) that start a fault
   * @param faults the kinds to choose among, uniformly
   */
  public FaultMode(
      String baseUrl, long seed, double fraction, Set<Fault> faults, int burst, Duration stall) {
    if (faults.isEmpty()) throw new IllegalArgumentException("no faults");
    this.baseUrl = baseUrl;
    this.self = new SelfForward(baseUrl);
    this.random = new Random(seed);
    this.fraction = fraction;
    this.faults = EnumSet.copyOf(faults).toArray(new Fault[0]);
    this.burst = Math.max(1, burst);
    this.stall = stall;
  }

  /** Faults injected so far, by kind. */
  public Map<Fault, Long> injected() {
    Map<Fault, Long> out = new LinkedHashMap<>();
    for (Fault f : Fault.values()) {
      LongAdder n = injected.get(f);
      if (n != null) out.put(f, n.sum());
    }
    return out;
  }

  /** A fault mode with aimed faults only (see {@link #aim}); no request is faulted at random. */
  public static FaultMode aimedOnly(String baseUrl) {
    return new FaultMode(baseUrl, 0L, 0.0, EnumSet.of(Fault.DROP), 1, Duration.ofSeconds(1));
  }

  /**
   * Aims faults at one route, e.g. {@code aim("POST", "/repos/{owner}/{repo}/pulls", LOST_REPLY,
   * DROP)}: its next requests get these faults, one each and in order, whatever the randomness
   * says; after them the route is faulted only at random. For the calls that create or merge, where
   * a retry must not do the work twice. A {@link Fault#BURST_5XX} aimed is a single 502.
   */
  public FaultMode aim(String method, String routeTemplate, Fault... aimedFaults) {
    aimed
        .computeIfAbsent(method + " " + routeTemplate, k -> new ConcurrentLinkedDeque<>())
        .addAll(Arrays.asList(aimedFaults));
    return this;
  }

  /** Aimed faults not yet injected, by {@code METHOD route-template}. */
  public Map<String, Integer> aimedLeft() {
    Map<String, Integer> out = new LinkedHashMap<>();
    aimed.forEach(
        (k, q) -> {
          if (!q.isEmpty()) out.put(k, q.size());
        });
    return out;
  }

  @Override
  public ForgeResponse intercept(ForgeRequest request, String routeTemplate) {
    if (self.isOwn(request)) return null;
    if (routeTemplate == null || routeTemplate.equals("/version")) return null;
    Deque<Fault> target = aimed.get(request.method() + " " + routeTemplate);
    Fault next = target == null ? null : target.pollFirst();
    return next != null ? inject(next, request) : random(request);
  }

  private ForgeResponse random(ForgeRequest request) {
    String key = request.method() + " " + request.rawPath() + "?" + request.rawQuery();
    Fault fault;
    synchronized (this) {
      Integer left = burstLeft.get(key);
      if (left != null && left > 0) {
        burstLeft.put(key, left - 1);
        fault = Fault.BURST_5XX;
      } else if (lastFaulted.remove(key)) {
        return null; // the retry after a fault always gets through
      } else if (random.nextDouble() >= fraction) {
        return null;
      } else {
        fault = faults[random.nextInt(faults.length)];
        if (fault == Fault.BURST_5XX && burst > 1) burstLeft.put(key, burst - 1);
      }
      if (fault != Fault.BURST_5XX || burstLeft.getOrDefault(key, 0) == 0) {
        burstLeft.remove(key);
        lastFaulted.add(key);
      }
    }
    return inject(fault, request);
  }

  private ForgeResponse inject(Fault fault, ForgeRequest request) {
    injected.computeIfAbsent(fault, f -> new LongAdder()).increment();
    return switch (fault) {
      case BURST_5XX -> ForgeResponse.text(502, "Bad Gateway (fault mode)");
      case RATE_LIMIT ->
          ForgeResponse.error(429, "rate limited (fault mode)", baseUrl)
              .withHeader("Retry-After", "1");
      case STALL -> {
        sleep(stall);
        yield null;
      }
      case TRUNCATED -> {
        ForgeResponse real = self.forward(request);
        byte[] half = Arrays.copyOf(real.body(), real.body().length / 2);
        yield new ForgeResponse(real.status(), new LinkedHashMap<>(), half, real.contentType());
      }
      case DROP -> throw sneaky(new IOException("fault mode: connection dropped"));
      case LOST_REPLY -> {
        self.forward(request);
        throw sneaky(new IOException("fault mode: reply lost"));
      }
    };
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // The JDK HttpServer closes the connection without a response when the handler throws an
  // IOException; the filter's signature has no throws clause, so it is thrown unchecked.
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
