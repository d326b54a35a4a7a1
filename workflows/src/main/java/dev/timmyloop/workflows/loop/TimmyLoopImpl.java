package dev.timmyloop.workflows.loop;

import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.WorkflowIds;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The endless loop: cycle, pause, again (no pause while issues wait for the panes the cycle freed);
 * continue-as-new every few cycles keeps each run small.
 */
public class TimmyLoopImpl implements TimmyLoop {
  /** Cycles per run before continue-as-new: each cycle adds only a handful of events here. */
  static final int CYCLES_PER_RUN = 20;

  /** Failed cycles in a row after which the loop pauses itself (the old loop's {@code .paused}). */
  static final int FAILURES_BEFORE_PAUSE = 2;

  private static final int RECENT = 10;

  private final SettingsActivities settings =
      Stubs.shared().stub(SettingsActivities.class, ActivityProfiles.STATE, "read settings");

  private int nextCycle;
  private int cyclesRun;
  private int consecutiveFailures;
  private boolean paused;
  private String pausedReason = "";
  private String current = "starting";
  private final List<String> recent = new ArrayList<>();

  @Override
  public void run(LoopState carried) {
    LoopState s = carried != null ? carried : LoopState.fresh(null, null);
    // Settings first, so that state.json is read on the home host.
    LoopSettings loaded = settings.settings();
    nextCycle =
        s.nextCycle() != null
            ? s.nextCycle()
            : Stubs.home(loaded).state("read state.json").readState().lastCycle() + 1;
    cyclesRun = s.cyclesRun();
    consecutiveFailures = s.consecutiveFailures();
    paused = s.paused();
    pausedReason = s.pausedReason() == null ? "" : s.pausedReason();
    // Started from the CLI or the UI with only some fields ({"pauseSeconds": 900}): the rest are
    // null.
    if (s.recent() != null) recent.addAll(s.recent());
    long pauseSeconds =
        s.pauseSeconds() != null && s.pauseSeconds() > 0
            ? s.pauseSeconds()
            : loaded.loopPauseSeconds();
    CycleInput template = s.cycleTemplate() != null ? s.cycleTemplate() : CycleInput.defaults();

    for (int inThisRun = 0; inThisRun < CYCLES_PER_RUN; inThisRun++) {
      current = paused ? "paused: " + pausedReason : "starting cycle " + nextCycle;
      Workflow.setCurrentDetails(current);
      Workflow.await(() -> !paused);
      if (s.maxCycles() != null && s.maxCycles() > 0 && cyclesRun >= s.maxCycles()) return;

      int cycle = nextCycle++;
      current = "running " + WorkflowIds.cycle(cycle);
      Workflow.setCurrentDetails(current);
      CycleEnd outcome = runCycle(cycle, template);
      cyclesRun++;
      remember(cycle + ": " + outcome.line());
      consecutiveFailures = outcome.failed() ? consecutiveFailures + 1 : 0;
      if (consecutiveFailures >= FAILURES_BEFORE_PAUSE) {
        paused = true;
        pausedReason =
            "%s failed cycles in a row (last: %s); resume when fixed"
                .formatted(consecutiveFailures, outcome.line());
      }
      if (outcome.atOnce() && !paused) continue;
      current =
          paused
              ? "paused: " + pausedReason
              : "pausing " + pauseSeconds + " s after cycle " + cycle;
      Workflow.setCurrentDetails(current);
      // The pause ends early when someone pauses (then the await above holds) or resumes.
      boolean wasPaused = paused;
      Workflow.await(Duration.ofSeconds(pauseSeconds), () -> paused != wasPaused);
    }
    Workflow.continueAsNew(
        new LoopState(
            nextCycle,
            s.pauseSeconds(),
            s.maxCycles(),
            cyclesRun,
            consecutiveFailures,
            paused,
            pausedReason,
            s.cycleTemplate(),
            List.copyOf(recent)));
  }

  /** How a cycle ended, as the loop remembers it; {@code atOnce}: the next starts without pause. */
  private record CycleEnd(boolean failed, String line, boolean atOnce) {}

  private CycleEnd runCycle(int cycle, CycleInput template) {
    TimmyCycle child =
        Workflow.newChildWorkflowStub(
            TimmyCycle.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.cycle(cycle))
                .setStaticSummary("cycle " + cycle + " of the loop")
                .build());
    try {
      CycleResult r =
          child.run(
              new CycleInput(
                  cycle,
                  template.maxDispatch(),
                  template.dryRun(),
                  template.landAll(),
                  template.budgetSeconds()));
      boolean atOnce = LoopPolicy.nextAtOnce(r);
      return new CycleEnd(
          "failed".equals(r.outcome()),
          r.outcome()
              + (r.failures().isEmpty() ? "" : " " + r.failures())
              + (atOnce ? "; " + r.waiting() + " issues wait: next at once" : ""),
          atOnce);
    } catch (ChildWorkflowFailure e) {
      return new CycleEnd(true, "failed: " + e.getCause().getMessage(), false);
    }
  }

  private void remember(String line) {
    recent.add(line);
    while (recent.size() > RECENT) recent.remove(0);
  }

  @Override
  public void pause(String reason) {
    paused = true;
    pausedReason = reason == null || reason.isBlank() ? "paused by a person" : reason;
  }

  @Override
  public void resume() {
    paused = false;
    pausedReason = "";
    consecutiveFailures = 0;
  }

  @Override
  public LoopStatus status() {
    return new LoopStatus(
        nextCycle,
        cyclesRun,
        paused,
        pausedReason,
        consecutiveFailures,
        current,
        List.copyOf(recent));
  }
}
