package dev.timmyloop.workflows.phases;

/** Placeholder until the implementation lands (this session). */
public class PollAndLandImpl implements PollAndLand {
  @Override
  public PollReport poll(PollInput input) {
    throw new UnsupportedOperationException("not yet");
  }
}
