package dev.timmyloop.workflows.loop;

import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;

/** Between two cycles of the loop: pause, or start the next at once. Pure. */
final class LoopPolicy {
  private LoopPolicy() {}

  /**
   * At once when the cycle went well, some of its jobs did not fail and issues still wait for a
   * pane: the panes are free again, and {@code loopPause} is for when there is nothing to do. A
   * cycle that dispatched nothing, or whose every job failed, pauses (no hot loop on a broken agent
   * or host).
   */
  static boolean nextAtOnce(CycleResult r) {
    return "ok".equals(r.outcome())
        && r.waiting() > 0
        && !r.dispatched().isEmpty()
        && r.failed().size() < r.dispatched().size();
  }
}
