package dev.timmyloop.activities.tests;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads counts and failing test ids from the output of pytest, unittest and tox, line by line (the
 * full log can be large). Pure: no I/O. Several summaries (tox running two commands) add up.
 */
public final class TestOutputParser {
  /** At most this many failing ids are kept. */
  public static final int MAX_IDS = 50;

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*[A-Za-z]");
  private static final Pattern PYTEST_SUMMARY =
      Pattern.compile(
          "^=*\\s*(\\d+ \\w+(?:, \\d+ \\w+)*|no tests ran) in [\\d.]+s(?: \\([^)]*\\))?\\s*=*$");
  private static final Pattern PYTEST_ITEM = Pattern.compile("(\\d+) (\\w+)");
  private static final Pattern PYTEST_ID = Pattern.compile("^(?:FAILED|ERROR) (.+?)(?: - .*)?$");
  private static final Pattern UNITTEST_RAN = Pattern.compile("^Ran (\\d+) tests? in ");
  private static final Pattern UNITTEST_RESULT = Pattern.compile("^(OK|FAILED)(?: \\((.*)\\))?$");
  private static final Pattern UNITTEST_ITEM = Pattern.compile("([a-z ]+)=(\\d+)");
  private static final Pattern UNITTEST_ID =
      Pattern.compile("^(?:FAIL|ERROR): (\\w+) \\(([\\w.]+)\\)");
  private static final Pattern TOX_FAILED =
      Pattern.compile("^\\s*(?:ERROR:\\s+)?([\\w.-]+): (?:commands failed|FAIL code \\d+)");
  private static final Pattern TOX_OK =
      Pattern.compile("^\\s*([\\w.-]+): (?:commands succeeded|OK \\()");

  /**
   * @param sawSummary false when no pytest or unittest summary was found (the run broke before the
   *     end)
   * @param toxFailedEnvs tox environments reported as failed ({@code unit: commands failed})
   * @param invocationError tox printed {@code ERROR: InvocationError}
   */
  public record Summary(
      int passed,
      int failed,
      int errored,
      int skipped,
      List<String> failingTests,
      boolean sawSummary,
      List<String> toxFailedEnvs,
      List<String> toxPassedEnvs,
      boolean invocationError) {}

  private int passed;
  private int failed;
  private int errored;
  private int skipped;
  private boolean sawSummary;
  private boolean invocationError;
  private Integer unittestRan;
  private final Set<String> ids = new LinkedHashSet<>();
  private final List<String> toxFailed = new ArrayList<>();
  private final List<String> toxPassed = new ArrayList<>();

  public static Summary parse(String output) {
    TestOutputParser p = new TestOutputParser();
    output.lines().forEach(p::accept);
    return p.summary();
  }

  public void accept(String rawLine) {
    String line = ANSI.matcher(rawLine).replaceAll("").stripTrailing();
    Matcher m;
    if ((m = PYTEST_SUMMARY.matcher(line)).matches()) {
      pytestSummary(m.group(1));
    } else if ((m = UNITTEST_RAN.matcher(line)).find()) {
      unittestRan = Integer.parseInt(m.group(1));
    } else if (unittestRan != null && (m = UNITTEST_RESULT.matcher(line)).matches()) {
      unittestResult(m.group(2));
    } else if ((m = UNITTEST_ID.matcher(line)).find()) {
      String method = m.group(1);
      String where = m.group(2);
      // Python 3.11+ prints "test_y (pkg.mod.Class.test_y)", older ones "test_y (pkg.mod.Class)".
      addId(where.endsWith("." + method) ? where : where + "." + method);
    } else if ((m = PYTEST_ID.matcher(line)).matches()) {
      addId(m.group(1).strip());
    } else if ((m = TOX_FAILED.matcher(line)).find()) {
      toxFailed.add(m.group(1));
    } else if ((m = TOX_OK.matcher(line)).find()) {
      toxPassed.add(m.group(1));
    } else if (line.startsWith("ERROR: InvocationError")) {
      invocationError = true;
    }
  }

  public Summary summary() {
    return new Summary(
        passed,
        failed,
        errored,
        skipped,
        List.copyOf(ids),
        sawSummary,
        List.copyOf(toxFailed),
        List.copyOf(toxPassed),
        invocationError);
  }

  /**
   * {@code 2 failed, 10 passed, 1 skipped, 1 error} (xfailed counts as skipped, xpassed as passed).
   */
  private void pytestSummary(String items) {
    sawSummary = true;
    Matcher m = PYTEST_ITEM.matcher(items);
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      switch (m.group(2)) {
        case "passed", "xpassed" -> passed += n;
        case "failed" -> failed += n;
        case "error", "errors" -> errored += n;
        case "skipped", "xfailed" -> skipped += n;
        default -> {} // warnings, deselected, rerun
      }
    }
  }

  /** {@code OK}, {@code OK (skipped=2)}, {@code FAILED (failures=1, errors=2, skipped=1)}. */
  private void unittestResult(String items) {
    sawSummary = true;
    int f = 0;
    int e = 0;
    int s = 0;
    if (items != null) {
      Matcher m = UNITTEST_ITEM.matcher(items);
      while (m.find()) {
        int n = Integer.parseInt(m.group(2));
        switch (m.group(1).strip()) {
          case "failures", "unexpected successes" -> f += n;
          case "errors" -> e += n;
          case "skipped", "expected failures" -> s += n;
          default -> {}
        }
      }
    }
    failed += f;
    errored += e;
    skipped += s;
    passed += Math.max(0, unittestRan - f - e - s);
    unittestRan = null;
  }

  private void addId(String id) {
    if (ids.size() < MAX_IDS) ids.add(id);
  }
}
