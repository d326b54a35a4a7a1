package dev.timmyloop.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches {@code /api/v1} paths against route templates written as in swagger.v1.json. Literal
 * segments beat parameters (so {@code /pulls/{index}/merge} wins over {@code
 * /pulls/{base}/{head}}), and a final {@code {head}} takes the rest of the path, since branch names
 * hold slashes.
 */
final class Router {
  static final String PREFIX = "/api/v1";

  /** The handler of one route: gets the call, returns the response or throws {@link ForgeError}. */
  @FunctionalInterface
  interface Handler {
    ForgeResponse handle(Call call);
  }

  record Route(String method, String template, Handler handler) {
    List<String> segments() {
      return List.of(template.substring(1).split("/"));
    }
  }

  /** A matched request: the request, its path parameters and the forge. */
  record Call(ForgeRequest req, Map<String, String> params, SandboxForge forge) {
    String param(String name) {
      return params.get(name);
    }

    long index(String name) {
      try {
        return Long.parseLong(params.get(name));
      } catch (NumberFormatException e) {
        throw ForgeError.notFound(name);
      }
    }

    ForgeRepo repo() {
      return forge.repo(params.get("owner"), params.get("repo"));
    }
  }

  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes;

  Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  List<Route> routes() {
    return routes;
  }

  /** The best route for the decoded path segments below {@code /api/v1}; null when none matches. */
  Match match(String method, List<String> segs) {
    Match best = null;
    int bestScore = -1;
    for (Route r : routes) {
      Map<String, String> params = bind(r.segments(), segs);
      if (params == null) continue;
      if (!r.method().equals(method)) continue;
      int score = literals(r.segments());
      if (score > bestScore) {
        best = new Match(r, params);
        bestScore = score;
      }
    }
    return best;
  }

  boolean pathExists(List<String> segs) {
    return routes.stream().anyMatch(r -> bind(r.segments(), segs) != null);
  }

  private static int literals(List<String> tpl) {
    int n = 0;
    for (String s : tpl) if (!s.startsWith("{")) n++;
    return n;
  }

  private static Map<String, String> bind(List<String> tpl, List<String> segs) {
    boolean greedyTail = tpl.get(tpl.size() - 1).equals("{head}");
    if (greedyTail ? segs.size() < tpl.size() : segs.size() != tpl.size()) return null;
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < tpl.size(); i++) {
      String t = tpl.get(i);
      if (t.startsWith("{")) {
        String name = t.substring(1, t.length() - 1);
        String value =
            greedyTail && i == tpl.size() - 1
                ? String.join("/", segs.subList(i, segs.size()))
                : segs.get(i);
        if (value.isEmpty()) return null;
        params.put(name, value);
      } else if (!t.equals(segs.get(i))) {
        return null;
      }
    }
    return params;
  }

  /** Splits a raw path, then decodes each segment (so {@code fix%2Fa} stays one segment). */
  static List<String> split(String rawPathBelowPrefix) {
    List<String> out = new ArrayList<>();
    for (String s : rawPathBelowPrefix.split("/")) {
      if (!s.isEmpty()) {
        out.add(
            java.net.URLDecoder.decode(
                s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
