package dev.timmyloop.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every PromQL {@code expr} of the Grafana dashboards, with Grafana's variables made concrete. */
final class DashboardExpressions {
  /** A panel's query: the dashboard file, the panel title, the expression as Prometheus gets it. */
  record Query(String dashboard, String panel, String expr) {}

  /** Grafana's built-in time variables, as a dashboard over the last hour would fill them in. */
  private static final Map<String, String> VARIABLES = new LinkedHashMap<>();

  static {
    VARIABLES.put("__rate_interval", "1m");
    VARIABLES.put("__range_ms", "3600000");
    VARIABLES.put("__range_s", "3600");
    VARIABLES.put("__range", "1h");
    VARIABLES.put("__interval_ms", "15000");
    VARIABLES.put("__interval", "15s");
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DashboardExpressions() {}

  /** {@code grafana/dashboards} of the checkout, looked up from the working directory upwards. */
  static Path dashboardsDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("grafana").resolve("dashboards");
      if (Files.isDirectory(candidate)) return candidate;
    }
    throw new IllegalStateException("no grafana/dashboards above " + Path.of("").toAbsolutePath());
  }

  static List<Query> all(Path dir) throws IOException {
    List<Query> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        collect(file.getFileName().toString(), null, JSON.readTree(file.toFile()), out);
      }
    }
    return out;
  }

  private static void collect(String dashboard, String title, JsonNode node, List<Query> out) {
    if (node.isObject()) {
      String here = node.hasNonNull("title") ? node.get("title").asText() : title;
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isTextual() && !expr.asText().isBlank()) {
        out.add(new Query(dashboard, here, concrete(expr.asText())));
      }
      node.fields().forEachRemaining(e -> collect(dashboard, here, e.getValue(), out));
    } else if (node.isArray()) {
      node.forEach(child -> collect(dashboard, title, child, out));
    }
  }

  /** Replaces Grafana's built-in variables; any other variable fails (this test can't run it). */
  static String concrete(String expr) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = VARIABLES.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("unknown Grafana variable " + m.group() + " in " + expr);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
