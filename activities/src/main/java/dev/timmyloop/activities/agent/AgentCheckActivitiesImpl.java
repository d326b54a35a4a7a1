package dev.timmyloop.activities.agent;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link AgentDoctor} on this host, with the worker's own environment. */
public class AgentCheckActivitiesImpl implements AgentCheckActivities {
  private static final Logger log = LoggerFactory.getLogger(AgentCheckActivitiesImpl.class);

  private final AgentDoctor doctor;

  public AgentCheckActivitiesImpl(TimmyConfig config) {
    this(config, System.getenv());
  }

  public AgentCheckActivitiesImpl(TimmyConfig config, Map<String, String> workerEnv) {
    this.doctor = new AgentDoctor(config, Map.copyOf(workerEnv));
  }

  @Override
  public AgentCheck check(String agent) {
    AgentCheck check;
    try {
      check = doctor.check(agent).toCheck();
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.CONFIG_INVALID);
    }
    if (!check.usable()) log.warn("agent {} cannot run here: {}", check.agent(), check.problems());
    return check;
  }
}
