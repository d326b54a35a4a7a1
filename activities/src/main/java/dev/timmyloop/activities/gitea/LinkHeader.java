package dev.timmyloop.activities.gitea;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 8288 {@code Link} headers as Gitea sends them: {@code <url>; rel="next",<url>; rel="last"}.
 * Gitea joins entries with "," and no space (hub4j splits on ", " and would miss them), so this
 * scans for {@code <...>} instead of splitting, and tolerates spaces, unquoted rels and several
 * headers.
 */
public final class LinkHeader {
  private LinkHeader() {}

  /** rel → URL, first one wins; rel names are lower case. */
  public static Map<String, String> parse(List<String> headers) {
    Map<String, String> links = new LinkedHashMap<>();
    for (String h : headers) parseInto(h, links);
    return links;
  }

  public static Optional<String> next(List<String> headers) {
    return Optional.ofNullable(parse(headers).get("next"));
  }

  private static void parseInto(String h, Map<String, String> links) {
    int i = 0;
    int n = h.length();
    while (i < n) {
      int open = h.indexOf('<', i);
      if (open < 0) return;
      int close = h.indexOf('>', open + 1);
      if (close < 0) return;
      String url = h.substring(open + 1, close).trim();
      int end = endOfParams(h, close + 1);
      for (String param : h.substring(close + 1, end).split(";")) {
        int eq = param.indexOf('=');
        if (eq < 0) continue;
        if (!param.substring(0, eq).trim().equalsIgnoreCase("rel")) continue;
        String value = param.substring(eq + 1).trim().replace("\"", "");
        for (String rel : value.split("\\s+")) {
          if (!rel.isEmpty()) links.putIfAbsent(rel.toLowerCase(Locale.ROOT), url);
        }
      }
      i = end + 1;
    }
  }

  /** Index of the "," ending this entry's parameters (outside quotes), or the string's end. */
  private static int endOfParams(String h, int from) {
    boolean quoted = false;
    for (int i = from; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) return i;
    }
    return h.length();
  }
}
