package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.cycle.TimmyCycle.PhaseReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleTableTest {
  @Test
  void onePaddedRowPerPhaseThenTotals() {
    CycleResult result =
        new CycleResult(
            3,
            "ok",
            List.of(
                new PhaseReport(1, "fix-broken-prs", "rebased #4", 1234),
                new PhaseReport(5, "await-landings", "landed #1 #2", 125_000)),
            List.of(4L),
            List.of(),
            List.of(),
            List.of(1L, 2L),
            List.of(1L, 2L),
            List.of(),
            List.of(),
            List.of(),
            0);
    assertEquals(
        List.of(
            "phase            | what happened | duration",
            "-------------------------------------------",
            "1 fix-broken-prs | rebased #4    | 1.2s",
            "5 await-landings | landed #1 #2  | 2m05s",
            "cycle 3: ok; landed #1 #2; failed -; pending -"),
        CycleTable.lines(result));
  }

  @Test
  void durations() {
    assertEquals("0.4s", CycleTable.duration(400));
    assertEquals("59.9s", CycleTable.duration(59_999));
    assertEquals("1h02m", CycleTable.duration(3_720_000));
  }
}
