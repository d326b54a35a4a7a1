package dev.timmyloop.activities.agent;

import dev.timmyloop.activities.agent.AgentProfile.Exit;
import dev.timmyloop.config.AgentNames;
import dev.timmyloop.config.TimmyConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tested agent CLIs. Each command was run headless here against a scripted model (see the
 * README's Agents section for the versions): the prompt never comes from the pane's terminal, edits
 * are approved without asking, and a turn limit stops a loop.
 */
public final class AgentProfiles {
  private AgentProfiles() {}

  /** Legacy Kimi CLI (PyPI {@code kimi-cli}, Python ≥ 3.13). 75: the endpoint was unreachable. */
  static final AgentProfile KIMI_CLI =
      new AgentProfile(
          "kimi-cli",
          "kimi --print --final-message-only -w {worktree}",
          Map.of(),
          List.of("KIMI_*", "MOONSHOT_*"),
          Map.of(75, Exit.RETRY_LATER),
          Exit.DONE,
          "^TurnEnd\\(\\)$",
          List.of("--version"),
          List.of("--help"),
          List.of(),
          List.of(".kimi"),
          "pip install kimi-cli==1.51.0 (Python 3.13; 1.52.0 only prints a deprecation)");

  /** Kimi Code (npm {@code @moonshot-ai/kimi-code}, Node ≥ 22.19); {@code -p} approves edits. */
  static final AgentProfile KIMI_CODE =
      new AgentProfile(
          "kimi-code",
          "kimi -p {prompt}",
          Map.of(),
          List.of("KIMI_*"),
          Map.of(),
          Exit.DONE,
          "",
          List.of("--version"),
          List.of("--help"),
          List.of(),
          List.of(".kimi", ".kimi-code"),
          "npm install -g @moonshot-ai/kimi-code@2.1.0 (Node 22.19 or later)");

  /** Claude Code. 1 also on reaching the turn limit, with its edits made: the review decides. */
  static final AgentProfile CLAUDE =
      new AgentProfile(
          "claude",
          "claude -p --permission-mode acceptEdits --max-turns 60",
          Map.of(
              "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
              "DISABLE_TELEMETRY", "1",
              "DISABLE_AUTOUPDATER", "1",
              "DISABLE_ERROR_REPORTING", "1"),
          List.of("ANTHROPIC_*", "CLAUDE_*"),
          Map.of(1, Exit.DIFF_DECIDES),
          Exit.DONE,
          "",
          List.of("--version"),
          List.of("--help"),
          // 2.1.332 accepts --max-turns but leaves it out of --help.
          List.of("--max-turns"),
          List.of(".claude", ".claude.json"),
          "npm install -g @anthropic-ai/claude-code@2.1.332");

  /** Codex. 2: a usage error, which no retry fixes. */
  static final AgentProfile CODEX =
      new AgentProfile(
          "codex",
          "codex exec -C {worktree} --sandbox workspace-write --skip-git-repo-check -",
          Map.of("NO_COLOR", "1"),
          List.of("CODEX_HOME", "OPENAI_*"),
          Map.of(2, Exit.UNUSABLE),
          Exit.DONE,
          "",
          List.of("--version"),
          List.of("exec", "--help"),
          List.of(),
          List.of(".codex"),
          "npm install -g @openai/codex@0.171.0");

  /** aider. It exits 0 also when the model call failed: the diff decides. */
  static final AgentProfile AIDER =
      new AgentProfile(
          "aider",
          "aider --message-file {prompt_file} --yes-always --no-auto-commits --no-dirty-commits"
              + " --no-gitignore --no-check-update --analytics-disable --no-show-model-warnings"
              + " --no-pretty --no-stream",
          Map.of("AIDER_CHECK_UPDATE", "false", "AIDER_ANALYTICS", "false"),
          List.of("AIDER_*", "OPENAI_*", "ANTHROPIC_*"),
          Map.of(),
          Exit.DIFF_DECIDES,
          "",
          List.of("--version"),
          List.of("--help"),
          List.of(),
          List.of(".aider"),
          "pip install aider-chat==0.86.2 (in its own venv)");

  /** {@code agentCommand} as given, with the whole environment: the user knows their agent. */
  static final AgentProfile CUSTOM =
      new AgentProfile(
          AgentNames.CUSTOM,
          "",
          Map.of(),
          List.of("*"),
          Map.of(),
          Exit.DONE,
          "",
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          "set agentCommand (TIMMY_AGENT_COMMAND)");

  /**
   * Commands for running inside our bwrap sandbox. Codex's own sandbox is bwrap as well, and bwrap
   * cannot nest here ("setting up uid map: Operation not permitted", every command fails while
   * Codex exits 0), so inside ours it runs without its own: ours already confines it to the
   * worktree. aider {@code git add}s every file it creates, which fails on the read-only object
   * store and leaves the new file empty: inside ours it runs with {@code --no-git}.
   */
  static final Map<String, String> INSIDE_BWRAP =
      Map.of(
          "codex",
          "codex exec -C {worktree} --sandbox danger-full-access --skip-git-repo-check -",
          "aider",
          AIDER.command() + " --no-git");

  public static final List<AgentProfile> ALL =
      List.of(KIMI_CLI, KIMI_CODE, CLAUDE, CODEX, AIDER, CUSTOM);

  /** The profile named {@code name}, if there is one. */
  public static Optional<AgentProfile> named(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The profile a job runs: {@code name} (blank: the configured {@code agent}), with {@code
   * agentCommand} as its command when that is set and the profile is the configured one.
   */
  public static AgentProfile forJob(TimmyConfig config, String name) {
    String wanted = name == null || name.isBlank() ? config.agent() : name;
    AgentProfile profile =
        named(wanted)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown agent '" + wanted + "' (known: " + AgentNames.ALL + ")"));
    return usesAgentCommand(config, profile) ? profile.withCommand(config.agentCommand()) : profile;
  }

  /**
   * {@code agentCommand} belongs to the configured {@code agent}: under another profile (an issue's
   * label) it would run the configured command with that profile's env and exit codes.
   */
  static boolean usesAgentCommand(TimmyConfig config, AgentProfile profile) {
    return config.agentCommand() != null
        && !config.agentCommand().isBlank()
        && profile.name().equals(config.agent());
  }

  /** {@code profile} as it runs inside our bwrap sandbox; {@code agentCommand} is kept as given. */
  public static AgentProfile insideBwrap(AgentProfile profile, TimmyConfig config) {
    if (usesAgentCommand(config, profile)) return profile;
    String command = INSIDE_BWRAP.get(profile.name());
    return command == null ? profile : profile.withCommand(command);
  }
}
