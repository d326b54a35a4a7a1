package dev.timmyloop.workflows.phases;

/** Placeholder until the implementation lands (this session). */
public class DispatchImpl implements Dispatch {
  @Override
  public DispatchReport dispatch(DispatchInput input) {
    throw new UnsupportedOperationException("not yet");
  }
}
