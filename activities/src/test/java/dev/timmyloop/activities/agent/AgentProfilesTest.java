package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentProfilesTest {
  static TimmyConfig config(String agent, String command) {
    return ConfigLoader.load(Map.of("TIMMY_AGENT", agent, "TIMMY_AGENT_COMMAND", command), null);
  }

  @Test
  void agentCommandRunsOnlyForTheConfiguredAgent() {
    TimmyConfig c = config("claude", "my-claude -p");
    assertEquals("my-claude -p", AgentProfiles.forJob(c, "").command());
    assertEquals("my-claude -p", AgentProfiles.forJob(c, "claude").command());
    assertEquals(AgentProfiles.CODEX.command(), AgentProfiles.forJob(c, "codex").command());
    assertEquals(
        AgentProfiles.INSIDE_BWRAP.get("codex"),
        AgentProfiles.insideBwrap(AgentProfiles.forJob(c, "codex"), c).command());
    assertEquals(
        "my-claude -p", AgentProfiles.insideBwrap(AgentProfiles.forJob(c, ""), c).command());
  }

  @Test
  void withoutAgentCommandEachProfileKeepsItsOwn() {
    TimmyConfig c = config("claude", "");
    assertEquals(AgentProfiles.CLAUDE.command(), AgentProfiles.forJob(c, "").command());
    assertEquals(AgentProfiles.AIDER.command(), AgentProfiles.forJob(c, "aider").command());
  }
}
