package dev.timmyloop.activities.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.tests.TestOutputParser.Summary;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Samples copied from real runs of pytest 7.2, unittest (Python 3.11) and tox 3.28 on this machine.
 */
class TestOutputParserTest {

  static final String PYTEST_FAILED =
      """
      ============================= test session starts ==============================
      platform linux -- Python 3.11.2, pytest-7.2.1, pluggy-1.0.0+repack
      collected 4 items

      tests/test_x.py FF.s                                                     [100%]

      =================================== FAILURES ===================================
      ________________________________ TestX.test_bad ________________________________
      E   AssertionError: 1 != 2
      =========================== short test summary info ============================
      FAILED tests/test_x.py::TestX::test_bad - AssertionError: 1 != 2
      FAILED tests/test_x.py::TestX::test_err - RuntimeError: boom
      ==================== 2 failed, 1 passed, 1 skipped in 0.02s ====================
      """;

  static final String PYTEST_Q_ERRORS =
      """
      tests/test_f.py:7: AssertionError
      =========================== short test summary info ============================
      FAILED tests/test_f.py::test_p[2] - assert 2 == 1
      ERROR tests/test_f.py::test_uses - ValueError: fixture broke
      1 failed, 2 passed, 1 error in 0.02s
      """;

  static final String PYTEST_COLLECTION_ERROR =
      """
      E   ModuleNotFoundError: No module named 'nonexistent_mod'
      =========================== short test summary info ============================
      ERROR tests/test_c.py
      !!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
      1 error in 0.06s
      """;

  static final String PYTEST_BRIEF_SUMMARY =
      """
      === 2 failed, 10 passed, 1 skipped, 1 error in 0.3s ===
      """;

  static final String UNITTEST_FAILED =
      """
      FE.s
      ======================================================================
      ERROR: test_err (tests.test_x.TestX.test_err)
      ----------------------------------------------------------------------
      Traceback (most recent call last):
        File "/tmp/samp/tests/test_x.py", line 5, in test_err
      RuntimeError: boom

      ======================================================================
      FAIL: test_bad (tests.test_x.TestX.test_bad)
      ----------------------------------------------------------------------
      AssertionError: 1 != 2

      ----------------------------------------------------------------------
      Ran 4 tests in 0.001s

      FAILED (failures=1, errors=1, skipped=1)
      """;

  /** Python before 3.11 names the class only; the id comes out the same. */
  static final String UNITTEST_OLD_PYTHON =
      """
      FAIL: test_bad (tests.test_x.TestX)
      ----------------------------------------------------------------------
      Ran 12 tests in 0.010s

      FAILED (failures=1, errors=2, skipped=1)
      """;

  static final String UNITTEST_OK_SKIPPED =
      """
      .ss
      ----------------------------------------------------------------------
      Ran 3 tests in 0.000s

      OK (skipped=2)
      """;

  static final String UNITTEST_OK =
      """
      ..
      ----------------------------------------------------------------------
      Ran 2 tests in 0.000s

      OK
      """;

  static final String TOX_PYTEST_FAILED =
      """
      unit run-test-pre: PYTHONHASHSEED='2376337767'
      unit run-test: commands[0] | python3 -m pytest -q tests
      FF.s                                                                     [100%]
      =========================== short test summary info ============================
      FAILED tests/test_x.py::TestX::test_bad - AssertionError: 1 != 2
      FAILED tests/test_x.py::TestX::test_err - RuntimeError: boom
      2 failed, 1 passed, 1 skipped in 0.02s
      ERROR: InvocationError for command /tmp/samp/.tox/unit/bin/python3 -m pytest -q tests (exited with code 1)
      ___________________________________ summary ____________________________________
      ERROR:   unit: commands failed
      """;

  static final String TOX_UNITTEST_OK =
      """
      unit run-test: commands[0] | python3 -m unittest
      .ss
      ----------------------------------------------------------------------
      Ran 3 tests in 0.000s

      OK (skipped=2)
      ___________________________________ summary ____________________________________
        unit: commands succeeded
        congratulations :)
      """;

  static Stream<Arguments> samples() {
    List<String> twoFailed =
        List.of("tests/test_x.py::TestX::test_bad", "tests/test_x.py::TestX::test_err");
    List<String> unittestIds =
        List.of("tests.test_x.TestX.test_err", "tests.test_x.TestX.test_bad");
    return Stream.of(
        Arguments.of("pytest failed", PYTEST_FAILED, 1, 2, 0, 1, twoFailed),
        Arguments.of(
            "pytest -q with a fixture error",
            PYTEST_Q_ERRORS,
            2,
            1,
            1,
            0,
            List.of("tests/test_f.py::test_p[2]", "tests/test_f.py::test_uses")),
        Arguments.of(
            "pytest collection error",
            PYTEST_COLLECTION_ERROR,
            0,
            0,
            1,
            0,
            List.of("tests/test_c.py")),
        Arguments.of("pytest brief summary", PYTEST_BRIEF_SUMMARY, 10, 2, 1, 1, List.of()),
        Arguments.of("unittest failed", UNITTEST_FAILED, 1, 1, 1, 1, unittestIds),
        Arguments.of(
            "unittest, old python",
            UNITTEST_OLD_PYTHON,
            8,
            1,
            2,
            1,
            List.of("tests.test_x.TestX.test_bad")),
        Arguments.of("unittest ok skipped", UNITTEST_OK_SKIPPED, 1, 0, 0, 2, List.of()),
        Arguments.of("unittest ok", UNITTEST_OK, 2, 0, 0, 0, List.of()),
        Arguments.of("tox + pytest failed", TOX_PYTEST_FAILED, 1, 2, 0, 1, twoFailed),
        Arguments.of("tox + unittest ok", TOX_UNITTEST_OK, 1, 0, 0, 2, List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void countsAndIds(
      String name,
      String output,
      int passed,
      int failed,
      int errored,
      int skipped,
      List<String> ids) {
    Summary s = TestOutputParser.parse(output);
    assertEquals(
        List.of(passed, failed, errored, skipped),
        List.of(s.passed(), s.failed(), s.errored(), s.skipped()));
    assertEquals(ids, s.failingTests());
    assertTrue(s.sawSummary());
  }

  @Test
  void toxEnvironmentsAndInvocationErrorAreReported() {
    Summary failed = TestOutputParser.parse(TOX_PYTEST_FAILED);
    assertEquals(List.of("unit"), failed.toxFailedEnvs());
    assertTrue(failed.invocationError());
    Summary ok = TestOutputParser.parse(TOX_UNITTEST_OK);
    assertEquals(List.of("unit"), ok.toxPassedEnvs());
    assertFalse(ok.invocationError());
  }

  @Test
  void outputWithoutSummarySaysSo() {
    Summary s =
        TestOutputParser.parse(
            "ERROR: InvocationError for command could not find executable pytest\n");
    assertFalse(s.sawSummary());
    assertEquals(List.of(), s.failingTests());
  }

  @Test
  void idsAreCappedAndDeduplicated() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 80; i++)
      out.append("FAILED tests/t.py::test_").append(i % 60).append(" - x\n");
    assertEquals(
        TestOutputParser.MAX_IDS, TestOutputParser.parse(out.toString()).failingTests().size());
  }
}
