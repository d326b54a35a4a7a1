package dev.timmyloop.workflows.loop;

import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The endless loop ({@code timmy-loop}): a {@code TimmyCycle} child, a pause, again;
 * continue-as-new keeps its history small. After two failed cycles in a row it pauses itself, as
 * the old loop did with its {@code .paused} file; {@link #resume} starts it again.
 */
@WorkflowInterface
public interface TimmyLoop {

  String WORKFLOW_ID = "timmy-loop";

  /**
   * Everything the loop carries across continue-as-new.
   *
   * @param pauseSeconds the pause between cycles (0 or null: the worker's {@code loopPause})
   * @param maxCycles stop after this many cycles (0 or null: never)
   * @param recent the last few cycles' outcomes, newest last
   */
  record LoopState(
      Integer nextCycle,
      Long pauseSeconds,
      Integer maxCycles,
      int cyclesRun,
      int consecutiveFailures,
      boolean paused,
      String pausedReason,
      CycleInput cycleTemplate,
      List<String> recent) {
    /** A loop that has run no cycle yet. */
    public static LoopState fresh(Long pauseSeconds, Integer maxCycles) {
      return new LoopState(null, pauseSeconds, maxCycles, 0, 0, false, "", null, List.of());
    }
  }

  record LoopStatus(
      int nextCycle,
      int cyclesRun,
      boolean paused,
      String pausedReason,
      int consecutiveFailures,
      String current,
      List<String> recent) {}

  @WorkflowMethod
  void run(LoopState state);

  @SignalMethod
  void pause(String reason);

  @SignalMethod
  void resume();

  @QueryMethod
  LoopStatus status();
}
