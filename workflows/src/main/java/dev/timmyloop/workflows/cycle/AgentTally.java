package dev.timmyloop.workflows.cycle;

import dev.timmyloop.activities.state.StateFileActivities.AgentRecord;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: the agent jobs of a cycle's ended issue jobs, per agent and pane, for {@code state.json}.
 */
final class AgentTally {
  private AgentTally() {}

  /** Jobs that report no agent figures (pending, failed before a result) are left out. */
  static List<AgentRecord> of(List<JobEnd> jobs) {
    Map<String, List<JobEnd>> byAgentAndPane = new LinkedHashMap<>();
    for (JobEnd j : jobs == null ? List.<JobEnd>of() : jobs) {
      if (j.agentOutcomes() == null || j.agentOutcomes().isBlank()) continue;
      String agent = j.agent() == null || j.agent().isBlank() ? "unknown" : j.agent();
      byAgentAndPane.computeIfAbsent(agent + "\n" + j.pane(), k -> new ArrayList<>()).add(j);
    }
    List<AgentRecord> out = new ArrayList<>();
    for (Map.Entry<String, List<JobEnd>> e : byAgentAndPane.entrySet()) {
      String[] key = e.getKey().split("\n", 2);
      Map<String, Integer> outcomes = new TreeMap<>();
      long seconds = 0;
      int attempts = 0;
      for (JobEnd j : e.getValue()) {
        for (String outcome : j.agentOutcomes().trim().split("\\s+")) {
          outcomes.merge(outcome, 1, Integer::sum);
          attempts++;
        }
        seconds += j.agentSeconds();
      }
      out.add(new AgentRecord(key[0], key[1], outcomes, attempts, seconds, seconds / attempts));
    }
    return out;
  }
}
