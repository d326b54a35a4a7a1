package dev.timmyloop.workflows.merge;

/** Placeholder until the implementation lands (this session). */
public class MergeQueueImpl implements MergeQueue {
  @Override
  public void run(QueueState carried) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public void enqueue(dev.timmyloop.activities.temporal.TemporalActivities.LandTicket ticket) {}

  @Override
  public java.util.List<dev.timmyloop.activities.temporal.TemporalActivities.LandTicket> pending() {
    return java.util.List.of();
  }
}
