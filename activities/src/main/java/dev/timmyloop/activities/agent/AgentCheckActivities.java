package dev.timmyloop.activities.agent;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Whether an agent profile can run on this host, asked before a cycle dispatches: an installation
 * error stops the cycle with one clear failure instead of parking every issue as {@code
 * needs-human}.
 */
@ActivityInterface(namePrefix = "Agent.")
public interface AgentCheckActivities {

  /**
   * @param agent the profile's name
   * @param usable false when the agent cannot start here
   * @param problems one line each: what is wrong and how to fix it
   * @param version what the CLI's version command printed (first line), when it ran
   */
  record AgentCheck(String agent, boolean usable, List<String> problems, String version) {}

  /**
   * @param agent a profile name; blank means the configured one
   */
  @ActivityMethod
  AgentCheck check(String agent);
}
