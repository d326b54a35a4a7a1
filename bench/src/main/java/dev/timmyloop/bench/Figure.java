package dev.timmyloop.bench;

import java.util.Locale;

/**
 * One line of the table.
 *
 * @param key the stable JSON key, e.g. {@code overhead_ratio}
 * @param value NaN when the figure could not be measured (the note says why)
 * @param how how it was measured, in a few words
 */
public record Figure(
    String key, String name, double value, String unit, Target target, String how) {

  public boolean measured() {
    return !Double.isNaN(value);
  }

  public boolean met() {
    return measured() && target.met(value);
  }

  /** "met", "MISSED" or "not measured". */
  public String verdict() {
    return !measured() ? "not measured" : met() ? "met" : "MISSED";
  }

  public String valueText() {
    return measured() ? format(value) + unit : "—";
  }

  /** Up to three significant decimals, no trailing zeros. */
  static String format(double v) {
    if (Double.isNaN(v)) return "—";
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
    String s =
        Math.abs(v) >= 100
            ? String.format(Locale.ROOT, "%.0f", v)
            : Math.abs(v) >= 10
                ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s;
  }
}
