package dev.timmyloop.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gitea's list paging: page from 1, limit 30 by default and at most 50 (a larger one is reduced
 * silently), {@code X-Total-Count}, and a {@code Link} header with next, last, first, prev joined
 * by "," with no space.
 */
final class Paging {
  static final int DEFAULT_LIMIT = 30;
  static final int MAX_LIMIT = 50;

  private Paging() {}

  static <T> ForgeResponse page(
      ForgeRequest req, String baseUrl, List<T> all, java.util.function.Function<T, Object> view) {
    int page = Math.max(1, req.intParam("page", 1));
    int limit = req.intParam("limit", DEFAULT_LIMIT);
    if (limit <= 0) limit = DEFAULT_LIMIT;
    limit = Math.min(limit, MAX_LIMIT);
    int total = all.size();
    int from = (int) Math.min((long) (page - 1) * limit, total);
    int to = Math.min(from + limit, total);
    var body = Json.arr();
    for (T t : all.subList(from, to)) body.addPOJO(view.apply(t));
    ForgeResponse resp = ForgeResponse.json(200, body);
    resp.withHeader("X-Total-Count", Integer.toString(total));
    String link = link(req, baseUrl, page, limit, total);
    if (!link.isEmpty()) resp.withHeader("Link", link);
    resp.withHeader("Access-Control-Expose-Headers", "X-Total-Count, Link");
    return resp;
  }

  static String link(ForgeRequest req, String baseUrl, int page, int limit, int total) {
    int last = Math.max(1, (total + limit - 1) / limit);
    List<String> links = new ArrayList<>();
    if (page < last) links.add(entry(req, baseUrl, page + 1, "next"));
    if (page != last) links.add(entry(req, baseUrl, last, "last"));
    if (page != 1) links.add(entry(req, baseUrl, 1, "first"));
    if (page > 1) links.add(entry(req, baseUrl, Math.min(page - 1, last), "prev"));
    return String.join(",", links);
  }

  private static String entry(ForgeRequest req, String baseUrl, int page, String rel) {
    Map<String, String> q = new LinkedHashMap<>(req.query());
    q.put("page", Integer.toString(page));
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : q.entrySet()) {
      if (sb.length() > 0) sb.append('&');
      sb.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
    }
    return "<" + baseUrl + req.path() + "?" + sb + ">; rel=\"" + rel + "\"";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
