package dev.timmyloop.workflows.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopPolicyTest {
  @ParameterizedTest(name = "{0}, dispatched {1}, failed {2}, waiting {3} → at once {4}")
  @CsvSource({
    "ok, 2, 0, 3, true",
    "ok, 2, 1, 1, true",
    "ok, 2, 2, 3, false", // every job failed: pause, no hot loop
    "ok, 0, 0, 3, false", // nothing dispatched (no pane, agent unusable): pause
    "ok, 2, 0, 0, false", // nothing waits
    "blocked, 2, 0, 3, false",
    "failed, 2, 0, 3, false",
  })
  void nextCycleAtOnceOnlyWhileIssuesWaitAndJobsWork(
      String outcome, int dispatched, int failed, int waiting, boolean atOnce) {
    List<Long> sent = ids(dispatched);
    CycleResult r =
        new CycleResult(
            1,
            outcome,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            sent,
            sent.subList(failed, dispatched),
            sent.subList(0, failed),
            List.of(),
            List.of(),
            waiting);
    assertEquals(atOnce, LoopPolicy.nextAtOnce(r));
  }

  private static List<Long> ids(int n) {
    return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
  }
}
