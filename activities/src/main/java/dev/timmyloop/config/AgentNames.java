package dev.timmyloop.config;

import java.util.List;

/**
 * The agent profiles' names, for the {@code agent} key and the {@code agent:<name>} issue label.
 * The profiles themselves are in {@code dev.timmyloop.activities.agent.AgentProfiles}.
 */
public final class AgentNames {
  public static final String CUSTOM = "custom";

  public static final List<String> ALL =
      List.of("kimi-cli", "kimi-code", "claude", "codex", "aider", CUSTOM);

  private AgentNames() {}
}
