package dev.timmyloop.workflows.phases;

/** Placeholder until the implementation lands (this session). */
public class FixBrokenPrsImpl implements FixBrokenPrs {
  @Override
  public FixReport fix(FixInput input) {
    throw new UnsupportedOperationException("not yet");
  }
}
