package dev.timmyloop.workflows.phases;

import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;

/**
 * Phase 6: reflect — the cycle record into {@code .loop/state.json}, the summary into
 * correspondence.
 */
public class ReflectImpl implements Reflect {
  @Override
  public ReflectReport reflect(ReflectInput input) {
    return TimmyAttributes.failedPhase(() -> reflectBody(input));
  }

  private ReflectReport reflectBody(ReflectInput input) {
    Stubs home = Stubs.home(input.settings());
    home.state("append cycle " + input.record().cycle() + " to state.json")
        .appendCycleRecord(input.record());
    home.state("append to correspondence").appendCorrespondence(input.correspondence());
    return new ReflectReport(
        "cycle %s recorded: %s pane records"
            .formatted(input.record().cycle(), input.record().panes().size()));
  }
}
