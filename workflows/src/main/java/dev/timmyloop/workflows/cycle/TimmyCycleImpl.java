package dev.timmyloop.workflows.cycle;

/** Placeholder until the implementation lands (this session). */
public class TimmyCycleImpl implements TimmyCycle {
  @Override
  public CycleResult run(CycleInput input) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public String currentPhase() {
    return "";
  }
}
