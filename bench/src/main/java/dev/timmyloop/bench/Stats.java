package dev.timmyloop.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The arithmetic of the benchmark: medians, percentiles, ratios and the A/B order. */
public final class Stats {
  private Stats() {}

  /** The median; NaN for no samples. */
  public static double median(List<Double> xs) {
    if (xs.isEmpty()) return Double.NaN;
    List<Double> s = sorted(xs);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** Nearest-rank percentile ({@code p} in 0..100); NaN for no samples. */
  public static double percentile(List<Double> xs, double p) {
    if (xs.isEmpty()) return Double.NaN;
    List<Double> s = sorted(xs);
    int rank = (int) Math.ceil(p / 100.0 * s.size());
    return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
  }

  public static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** {@code a[i] / b[i]} for each pair measured together. */
  public static List<Double> ratios(List<Double> a, List<Double> b) {
    if (a.size() != b.size()) throw new IllegalArgumentException(a.size() + " vs " + b.size());
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) out.add(a.get(i) / b.get(i));
    return out;
  }

  /**
   * The order of {@code pairs} A/B pairs: AB, BA, AB, … so that neither side always runs first (a
   * warm cache or a busy neighbour then favours both alike).
   */
  public static List<Character> alternation(int pairs) {
    List<Character> order = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      order.add(i % 2 == 0 ? 'A' : 'B');
      order.add(i % 2 == 0 ? 'B' : 'A');
    }
    return order;
  }

  private static List<Double> sorted(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s;
  }
}
