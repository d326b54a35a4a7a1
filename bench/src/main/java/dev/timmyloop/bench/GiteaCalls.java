package dev.timmyloop.bench;

import dev.timmyloop.sandbox.RequestRecord;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.List;

/** Requests the forge served while phases 1–3 of a cycle ran, counted at the forge. */
final class GiteaCalls {
  private GiteaCalls() {}

  /** The limit: 3 + open PRs + pages of open issues. */
  static int limit(int openPrs, int openIssues, int pageSize) {
    int pages = Math.max(1, (openIssues + pageSize - 1) / pageSize);
    return 3 + openPrs + pages;
  }

  /** Requests that started at or after {@code from} and ended by {@code to} (epoch millis). */
  static int count(List<RequestRecord> log, long from, long to) {
    int n = 0;
    for (RequestRecord r : log) {
      long end = r.time().toEpochMilli();
      long start = end - r.micros() / 1000;
      if (start >= from && end <= to) n++;
    }
    return n;
  }

  /** The window of phases 1–3: the first event of phase 1 to the last of phase 3. */
  static long[] window(WorkflowExecutionHistory phase1, WorkflowExecutionHistory phase3) {
    return new long[] {
      Histories.millis(phase1.getEvents().get(0)), Histories.millis(phase3.getLastEvent())
    };
  }
}
