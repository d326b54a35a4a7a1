package dev.timmyloop.workflows.phases;

/** Placeholder until the implementation lands (this session). */
public class AssessImpl implements Assess {
  @Override
  public Assessment assess(AssessInput input) {
    throw new UnsupportedOperationException("not yet");
  }
}
