package dev.timmyloop.workflows.phases;

/** Placeholder until the implementation lands (this session). */
public class FillQueueImpl implements FillQueue {
  @Override
  public FillReport fill(FillInput input) {
    throw new UnsupportedOperationException("not yet");
  }
}
