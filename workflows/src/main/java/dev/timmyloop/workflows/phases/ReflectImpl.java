package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.workflows.support.ActivityProfiles;
import io.temporal.workflow.Workflow;

/** Phase 6: reflect — the cycle record into {@code .loop/state.json}, the summary into correspondence. */
public class ReflectImpl implements Reflect {
  private final StateFileActivities state =
      Workflow.newActivityStub(StateFileActivities.class, ActivityProfiles.STATE);

  @Override
  public ReflectReport reflect(ReflectInput input) {
    state.appendCycleRecord(input.record());
    state.appendCorrespondence(input.correspondence());
    return new ReflectReport(
        "cycle " + input.record().cycle() + " recorded: " + input.record().panes().size() + " pane records");
  }
}
