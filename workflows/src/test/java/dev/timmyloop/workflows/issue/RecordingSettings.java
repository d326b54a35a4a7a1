package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.settings.SettingsActivities;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings as {@link RecordingActivities#settings()}, and a prompt template a test may set. */
public final class RecordingSettings implements SettingsActivities {
  public volatile String template = "";
  public final AtomicInteger templateReads = new AtomicInteger();

  @Override
  public LoopSettings settings() {
    return RecordingActivities.settings();
  }

  @Override
  public String promptTemplate() {
    templateReads.incrementAndGet();
    return template;
  }
}
