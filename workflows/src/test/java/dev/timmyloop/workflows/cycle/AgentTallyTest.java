package dev.timmyloop.workflows.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.activities.state.StateFileActivities.AgentRecord;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTallyTest {

  private static JobEnd end(long issue, String pane, String agent, String outcomes, long seconds) {
    return new JobEnd(
        "timmy-issue-" + issue, issue, pane, "landed", "", seconds + 60, agent, outcomes, seconds);
  }

  @Test
  void retryLaterReDispatchesCountAsAttemptsOfTheirAgentAndPane() {
    List<AgentRecord> agents =
        AgentTally.of(
            List.of(
                end(1, "Kimi:0.0", "claude", "RETRY_LATER RETRY_LATER COMPLETED", 90),
                end(2, "Kimi:0.1", "codex", "SILENT COMPLETED", 40),
                end(3, "Kimi:0.0", "claude", "COMPLETED", 30)));

    assertEquals(
        List.of(
            new AgentRecord(
                "claude", "Kimi:0.0", Map.of("RETRY_LATER", 2, "COMPLETED", 2), 4, 120, 30),
            new AgentRecord("codex", "Kimi:0.1", Map.of("SILENT", 1, "COMPLETED", 1), 2, 40, 20)),
        agents);
  }

  @Test
  void jobsWithoutAgentFiguresAreLeftOut() {
    JobEnd pending =
        new JobEnd("timmy-issue-4", 4, "Kimi:0.0", "pending", "still running", 0, "", "", 0);
    assertEquals(List.of(), AgentTally.of(List.of(pending)));
    assertEquals(List.of(), AgentTally.of(null));
  }
}
