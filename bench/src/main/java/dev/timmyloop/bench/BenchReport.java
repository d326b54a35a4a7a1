package dev.timmyloop.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table in three forms: plain text for the terminal, Markdown for bench/results, JSON. */
public record BenchReport(
    String date,
    Machine machine,
    int runs,
    boolean quick,
    List<Figure> figures,
    List<String> notes,
    String workerJavaOptions,
    String server) {

  List<String> textLines() {
    List<String> out = new ArrayList<>();
    int w = figures.stream().mapToInt(f -> f.key().length()).max().orElse(10);
    out.add(pad("figure", w) + "  " + pad("value", 10) + "  " + pad("target", 10) + "  verdict");
    for (Figure f : figures) {
      out.add(
          pad(f.key(), w)
              + "  "
              + pad(f.valueText(), 10)
              + "  "
              + pad(f.target().text(), 10)
              + "  "
              + f.verdict());
    }
    long missed = figures.stream().filter(f -> !f.met()).count();
    out.add(
        missed == 0 ? "all targets met" : missed + " of " + figures.size() + " targets not met");
    return out;
  }

  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("# timmy-loop benchmark\n\n");
    s.append("- date: ").append(date).append('\n');
    s.append("- machine: ").append(machine.line()).append('\n');
    s.append("- runs per figure: ").append(runs).append(quick ? " (--quick)" : "").append('\n');
    s.append("- command: `./timmy bench")
        .append(" --server ")
        .append(server)
        .append(quick ? " --quick" : "")
        .append(" --runs ")
        .append(runs)
        .append(
            workerJavaOptions.isEmpty()
                ? ""
                : " --worker-java-options \"" + workerJavaOptions + "\"")
        .append("`\n\n");
    s.append("| figure | key | value | target | verdict | how |\n|---|---|---|---|---|---|\n");
    for (Figure f : figures) {
      s.append("| ")
          .append(f.name())
          .append(" | `")
          .append(f.key())
          .append("` | ")
          .append(f.valueText().trim())
          .append(" | ")
          .append(f.target().text().trim())
          .append(" | ")
          .append(f.met() ? "met" : "**" + f.verdict() + "**")
          .append(" | ")
          .append(f.how().replace("|", "\\|"))
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      s.append("\n## Notes\n\n");
      for (String n : notes) s.append("- ").append(n.replace("\n", " ")).append('\n');
    }
    return s.toString();
  }

  String json() throws Exception {
    Map<String, Object> root = new LinkedHashMap<>(Figures.values(figures));
    Map<String, Object> met = new LinkedHashMap<>();
    for (Figure f : figures) met.put(f.key(), f.met());
    root.put("met", met);
    root.put("date", date);
    root.put("machine", machine);
    root.put("runs", runs);
    root.put("server", server);
    root.put("quick", quick);
    root.put("worker_java_options", workerJavaOptions);
    root.put("notes", notes);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
