package dev.timmyloop.workflows.loop;

/** Placeholder until the implementation lands (this session). */
public class TimmyLoopImpl implements TimmyLoop {
  @Override
  public void run(LoopState state) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void pause(String reason) {}

  @Override
  public void resume() {}

  @Override
  public LoopStatus status() {
    return null;
  }
}
