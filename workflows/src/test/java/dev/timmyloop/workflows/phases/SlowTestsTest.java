package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlowTestsTest {
  @Test
  void pytestDurationsAreReadSlowestFirst() {
    String out =
        "============ slowest 3 durations ============\n"
            + "0.20s call     tests/test_a.py::test_small\n"
            + "1.50s call     tests/test_b.py::test_big\n"
            + "0.30s setup    tests/test_b.py::test_big\n"
            + "======= 3 passed in 2.1s =======\n";
    assertEquals(
        List.of(
            "1.50s tests/test_b.py::test_big",
            "0.30s tests/test_b.py::test_big (setup)",
            "0.20s tests/test_a.py::test_small"),
        SlowTests.parse(out));
  }

  @Test
  void unittestDurationsAreReadFromTheirSection() {
    String out =
        "Ran 2 tests\n\nSlowest test durations\n------\n0.812s     test_x (tests.test_m.T.test_x)\n";
    assertEquals(List.of("0.81s test_x (tests.test_m.T.test_x)"), SlowTests.parse(out));
  }

  @Test
  void outputWithoutDurationsHasNone() {
    assertEquals(List.of(), SlowTests.parse("test_add ... ok\nRan 4 tests in 0.001s\n\nOK\n"));
  }
}
