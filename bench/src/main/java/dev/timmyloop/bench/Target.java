package dev.timmyloop.bench;

import java.util.Locale;

/** A figure's target: at most or at least a limit. */
public record Target(boolean atMost, double limit, String text) {
  public static Target atMost(double limit, String unit) {
    return new Target(true, limit, "≤ " + Figure.format(limit) + unit);
  }

  public static Target atLeast(double limit, String unit) {
    return new Target(false, limit, "≥ " + Figure.format(limit) + unit);
  }

  public boolean met(double value) {
    if (Double.isNaN(value)) return false;
    return atMost ? value <= limit : value >= limit;
  }

  @Override
  public String toString() {
    return text.toLowerCase(Locale.ROOT);
  }
}
