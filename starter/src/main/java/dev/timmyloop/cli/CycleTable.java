package dev.timmyloop.cli;

import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.cycle.TimmyCycle.PhaseReport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A cycle's result as a person reads it: one row per phase, then the totals. */
final class CycleTable {
  private CycleTable() {}

  static List<String> lines(CycleResult result) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"phase", "what happened", "duration"});
    for (PhaseReport p : result.phases()) {
      rows.add(
          new String[] {p.phase() + " " + p.name(), p.summary(), duration(p.durationMillis())});
    }
    int[] width = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) width[i] = Math.max(width[i], row[i].length());
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      lines.add(pad(row[0], width[0]) + " | " + pad(row[1], width[1]) + " | " + row[2]);
      if (lines.size() == 1) lines.add("-".repeat(width[0] + width[1] + width[2] + 6));
    }
    lines.add(
        "cycle %s: %s; landed %s; failed %s; pending %s"
            .formatted(
                result.cycle(),
                result.outcome(),
                numbers(result.landed()),
                numbers(result.failed()),
                numbers(result.pending())));
    for (String failure : result.failures()) lines.add("failure: " + failure);
    return lines;
  }

  /** {@code 0.4s}, {@code 12.3s}, {@code 2m05s}, {@code 1h02m}. */
  static String duration(long millis) {
    long s = millis / 1000;
    if (s < 60) return String.format("%d.%ds", s, (millis % 1000) / 100);
    if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  static String numbers(List<Long> numbers) {
    if (numbers == null || numbers.isEmpty()) return "-";
    return numbers.stream().map(n -> "#" + n).collect(Collectors.joining(" "));
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
