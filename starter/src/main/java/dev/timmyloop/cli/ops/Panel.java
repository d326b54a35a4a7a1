package dev.timmyloop.cli.ops;

import java.io.PrintWriter;
import java.util.List;

/** One screen of the ops panel: five sections of ready-made lines. */
public record Panel(
    List<String> services,
    List<String> panes,
    List<String> pulls,
    List<String> queue,
    List<String> warnings,
    long millis) {

  public static final List<String> HEADINGS =
      List.of("SERVICES", "PANES", "OPEN PRS", "QUEUE", "WARNINGS");

  void print(PrintWriter out, String title) {
    out.println(title + "  (read in " + millis + " ms)");
    List<List<String>> sections = List.of(services, panes, pulls, queue, warnings);
    for (int i = 0; i < sections.size(); i++) {
      out.println();
      out.println(HEADINGS.get(i));
      if (sections.get(i).isEmpty()) out.println("  -");
      for (String line : sections.get(i)) out.println("  " + line);
    }
    out.flush();
  }
}
