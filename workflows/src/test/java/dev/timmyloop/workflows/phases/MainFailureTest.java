package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.tests.TestActivities.TestRun;
import dev.timmyloop.workflows.phases.Phases.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainFailureTest {
  private static TestRun failed(List<String> ids, String tail) {
    return new TestRun(false, false, 1, 3, ids.size(), 0, 0, ids, tail, "/tmp/log", 10);
  }

  @Test
  void theSameFailureHasTheSameSignatureWhateverTheOrder() {
    Finding a = MainFailure.finding(failed(List.of("t.b", "t.a"), "Traceback 1"));
    Finding b = MainFailure.finding(failed(List.of("t.a", "t.b"), "Traceback 2"));
    assertEquals(a.signature(), b.signature());
    assertEquals(a.title(), b.title());
  }

  @Test
  void theBodyCarriesTheFailingTestsAndTheTraceback() {
    Finding f =
        MainFailure.finding(
            failed(List.of("tests.test_calc.CalcTest.test_add"), "AssertionError: 3 != 4"));
    assertEquals("bug", f.kind());
    assertTrue(f.title().contains("tests.test_calc.CalcTest.test_add"));
    assertTrue(f.body().contains("AssertionError: 3 != 4"));
  }
}
