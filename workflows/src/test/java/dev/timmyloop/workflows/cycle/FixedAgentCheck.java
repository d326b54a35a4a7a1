package dev.timmyloop.workflows.cycle;

import dev.timmyloop.activities.agent.AgentCheckActivities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the agent check activity: answers what the test set, records what it was asked. */
final class FixedAgentCheck implements AgentCheckActivities {
  final List<String> asked = new CopyOnWriteArrayList<>();
  volatile AgentCheck answer = new AgentCheck("kimi-cli", true, List.of(), "kimi, version 1.51.0");

  @Override
  public AgentCheck check(String agent) {
    asked.add(agent);
    return answer;
  }
}
