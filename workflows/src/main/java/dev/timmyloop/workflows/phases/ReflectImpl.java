package dev.timmyloop.workflows.phases;

/** Placeholder until the implementation lands (this session). */
public class ReflectImpl implements Reflect {
  @Override
  public ReflectReport reflect(ReflectInput input) {
    throw new UnsupportedOperationException("not yet");
  }
}
