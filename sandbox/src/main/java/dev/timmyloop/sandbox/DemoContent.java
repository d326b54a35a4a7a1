package dev.timmyloop.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of the demo's tiny Python project ({@code calc}), the texts of its issues and PRs, and
 * the fix recipes the fake agent lays over a worktree. Each recipe touches its own files, so fixes
 * made in parallel merge without conflicts.
 */
final class DemoContent {
  private DemoContent() {}

  static final String SOUL =
      "# SOUL\n\n"
          + "Timmy keeps this little calculator honest: every change comes as a pull request, passes\n"
          + "its tests and hooks, and is merged by squash. Small steps, green main, no shortcuts.\n";

  static final String TOX =
      "[tox]\nenvlist = unit\nskipsdist = true\n\n"
          + "[testenv:unit]\nsitepackages = true\nskip_install = true\n"
          + "commands = python -m unittest discover -s tests -v\n";

  /** Compiles the staged Python files, so a syntax error never reaches a commit. */
  static final String PRE_COMMIT =
      "#!/bin/sh\n"
          + "# pre-commit: byte-compile every staged Python file.\n"
          + "git diff --cached --name-only --diff-filter=ACM -z -- '*.py' \\\n"
          + "  | xargs -0 -r python3 -m py_compile\n";

  static Map<String, String> initialFiles() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("README.md", "# calc\n\nA tiny calculator library, the demo project of timmy-loop.\n");
    f.put("SOUL.md", SOUL);
    f.put("tox.ini", TOX);
    f.put(".gitignore", "__pycache__/\n*.pyc\n.tox/\n");
    f.put(".githooks/pre-commit", PRE_COMMIT);
    f.put("calc/__init__.py", "\"\"\"calc: small arithmetic helpers.\"\"\"\n");
    f.put("calc/basic.py", BASIC);
    f.put("calc/stats.py", STATS_BUGGY);
    f.put("tests/__init__.py", "");
    f.put(
        "tests/test_basic.py",
        "import unittest\n\nfrom calc import basic\n\n\n"
            + "class BasicTest(unittest.TestCase):\n"
            + "    def test_add(self):\n        self.assertEqual(basic.add(2, 3), 5)\n\n"
            + "    def test_subtract(self):\n        self.assertEqual(basic.subtract(2, 3), -1)\n\n"
            + "    def test_multiply(self):\n        self.assertEqual(basic.multiply(4, 3), 12)\n\n"
            + "    def test_divide(self):\n        self.assertEqual(basic.divide(9, 3), 3)\n"
            + "        with self.assertRaises(ZeroDivisionError):\n            basic.divide(1, 0)\n");
    f.put(
        "tests/test_stats.py",
        "import unittest\n\nfrom calc import stats\n\n\n"
            + "class StatsTest(unittest.TestCase):\n"
            + "    def test_mean(self):\n        self.assertEqual(stats.mean([1, 2, 3]), 2)\n");
    return f;
  }

  static final String BASIC =
      "def add(a, b):\n    return a + b\n\n\n"
          + "def subtract(a, b):\n    return a - b\n\n\n"
          + "def multiply(a, b):\n    return a * b\n\n\n"
          + "def divide(a, b):\n    if b == 0:\n        raise ZeroDivisionError(\"divide by zero\")\n"
          + "    return a / b\n";

  static final String STATS_BUGGY = "def mean(values):\n    return sum(values) / len(values)\n";

  /** Two later main commits (made after the stale PR's branch forked). */
  static Map<String, String> laterMainFiles1() {
    return Map.of(
        "calc/basic.py",
        BASIC + "\n\ndef negate(a):\n    return -a\n",
        "tests/test_negate.py",
        "import unittest\n\nfrom calc import basic\n\n\n"
            + "class NegateTest(unittest.TestCase):\n"
            + "    def test_negate(self):\n        self.assertEqual(basic.negate(4), -4)\n");
  }

  static final String README_2 =
      "# calc\n\nA tiny calculator library, the demo project of timmy-loop.\n\n"
          + "Run the tests with `tox -e unit` (or `python3 -m unittest discover -s tests -v`).\n";

  // ---- the three issues and their recipes ----

  record IssueSeed(String title, String body, String label, Map<String, String> recipe) {}

  static IssueSeed[] issues() {
    return new IssueSeed[] {
      new IssueSeed(
          "Add calc.power(base, exponent)",
          "calc can add and multiply but not raise to a power.\n\n"
              + "Add a module `calc/power.py` with `power(base, exponent)` for whole exponents >= 0 "
              + "(`power(2, 10) == 1024`, `power(5, 0) == 1`) that raises `ValueError` for a negative "
              + "exponent, with unit tests in `tests/test_power.py`.",
          "feature",
          Map.of(
              "calc/power.py",
              "def power(base, exponent):\n    if exponent < 0:\n"
                  + "        raise ValueError(\"exponent must be >= 0\")\n"
                  + "    result = 1\n    for _ in range(exponent):\n        result *= base\n    return result\n",
              "tests/test_power.py",
              "import unittest\n\nfrom calc.power import power\n\n\n"
                  + "class PowerTest(unittest.TestCase):\n"
                  + "    def test_power(self):\n        self.assertEqual(power(2, 10), 1024)\n"
                  + "        self.assertEqual(power(5, 0), 1)\n\n"
                  + "    def test_negative_exponent(self):\n"
                  + "        with self.assertRaises(ValueError):\n            power(2, -1)\n")),
      new IssueSeed(
          "stats.mean([]) crashes with ZeroDivisionError",
          "`calc.stats.mean([])` raises `ZeroDivisionError`. The mean of no values should be `0.0`.\n\n"
              + "Fix `calc/stats.py` and add a test for the empty list in `tests/test_stats_empty.py`.",
          "bug",
          Map.of(
              "calc/stats.py",
              "def mean(values):\n    values = list(values)\n    if not values:\n        return 0.0\n"
                  + "    return sum(values) / len(values)\n",
              "tests/test_stats_empty.py",
              "import unittest\n\nfrom calc import stats\n\n\n"
                  + "class EmptyMeanTest(unittest.TestCase):\n"
                  + "    def test_empty(self):\n        self.assertEqual(stats.mean([]), 0.0)\n")),
      new IssueSeed(
          "Add calc.clamp(value, low, high)",
          "Add `calc/clamp.py` with `clamp(value, low, high)` that limits a value to a range "
              + "(`clamp(5, 0, 3) == 3`, `clamp(-1, 0, 3) == 0`) and raises `ValueError` when "
              + "`low > high`. Tests go in `tests/test_clamp.py`.",
          "feature",
          Map.of(
              "calc/clamp.py",
              "def clamp(value, low, high):\n    if low > high:\n"
                  + "        raise ValueError(\"low must not exceed high\")\n"
                  + "    return max(low, min(value, high))\n",
              "tests/test_clamp.py",
              "import unittest\n\nfrom calc.clamp import clamp\n\n\n"
                  + "class ClampTest(unittest.TestCase):\n"
                  + "    def test_clamp(self):\n        self.assertEqual(clamp(5, 0, 3), 3)\n"
                  + "        self.assertEqual(clamp(-1, 0, 3), 0)\n        self.assertEqual(clamp(2, 0, 3), 2)\n\n"
                  + "    def test_bad_range(self):\n"
                  + "        with self.assertRaises(ValueError):\n            clamp(1, 3, 0)\n"))
    };
  }

  // ---- the stale PR (behind main, green) and the failing PR (red, with a fix recipe) ----

  /** A seeded PR into main: its branch, texts, and the files of its one commit. */
  record SeedPr(String branch, String title, String body, Map<String, String> files) {}

  static final SeedPr STALE =
      new SeedPr(
          "feature/percent",
          "Add calc.percent(part, whole)",
          "Adds `calc/percent.py` with `percent(part, whole)` and its tests.",
          Map.of(
              "calc/percent.py",
              "def percent(part, whole):\n    if whole == 0:\n        raise ZeroDivisionError(\"whole is zero\")\n"
                  + "    return 100.0 * part / whole\n",
              "tests/test_percent.py",
              "import unittest\n\nfrom calc.percent import percent\n\n\n"
                  + "class PercentTest(unittest.TestCase):\n"
                  + "    def test_percent(self):\n        self.assertEqual(percent(1, 4), 25.0)\n"));

  static final SeedPr FAILING =
      new SeedPr(
          "feature/roots",
          "Add calc.roots.isqrt(n)",
          "Adds an integer square root, `calc/roots.py`, with tests.",
          Map.of(
              "calc/roots.py",
              "def isqrt(n):\n    \"\"\"The largest whole r with r * r <= n.\"\"\"\n"
                  + "    if n < 0:\n        raise ValueError(\"n must be >= 0\")\n    return n // 2\n",
              "tests/test_roots.py",
              "import unittest\n\nfrom calc.roots import isqrt\n\n\n"
                  + "class RootsTest(unittest.TestCase):\n"
                  + "    def test_isqrt(self):\n        self.assertEqual(isqrt(16), 4)\n"
                  + "        self.assertEqual(isqrt(17), 4)\n        self.assertEqual(isqrt(0), 0)\n"));

  static Map<String, String> failingFix() {
    return Map.of(
        "calc/roots.py",
        "def isqrt(n):\n    \"\"\"The largest whole r with r * r <= n.\"\"\"\n"
            + "    if n < 0:\n        raise ValueError(\"n must be >= 0\")\n"
            + "    r = 0\n    while (r + 1) * (r + 1) <= n:\n        r += 1\n    return r\n");
  }
}
