package dev.timmyloop.workflows.phases;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slowest tests, read from a test run's output when it reports durations (pytest {@code
 * --durations}, unittest {@code --durations} from Python 3.12). Pure.
 */
public final class SlowTests {
  private static final Pattern PYTEST =
      Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)s\\s+(call|setup|teardown)\\s+(\\S+)");
  private static final Pattern UNITTEST = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)s\\s+(\\S.*)$");
  static final int MAX = 5;

  private SlowTests() {}

  /**
   * Up to five lines {@code 1.20s tests/test_x.py::test_y}, slowest first; empty when none
   * reported.
   */
  public static List<String> parse(String output) {
    record Timed(double seconds, String test) {}
    List<Timed> found = new ArrayList<>();
    boolean unittestSection = false;
    for (String line : output == null ? new String[0] : output.split("\n")) {
      if (line.contains("Slowest test durations")) unittestSection = true;
      Matcher p = PYTEST.matcher(line);
      if (p.find()) {
        found.add(
            new Timed(
                Double.parseDouble(p.group(1)),
                p.group(3) + (p.group(2).equals("call") ? "" : " (" + p.group(2) + ")")));
        continue;
      }
      Matcher u = UNITTEST.matcher(line);
      if (unittestSection && u.find())
        found.add(new Timed(Double.parseDouble(u.group(1)), u.group(2).strip()));
    }
    return found.stream()
        .sorted(Comparator.comparingDouble(Timed::seconds).reversed())
        .limit(MAX)
        .map(t -> String.format(java.util.Locale.ROOT, "%.2fs %s", t.seconds(), t.test()))
        .toList();
  }
}
