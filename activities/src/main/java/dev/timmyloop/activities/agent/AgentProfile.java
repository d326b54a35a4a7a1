package dev.timmyloop.activities.agent;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How one coding-agent CLI runs headless in a pane: its command line, its environment and what its
 * exit codes mean. The table is {@link AgentProfiles}.
 *
 * @param name the profile's name, as in the {@code agent} key and the {@code agent:<name>} label
 * @param command the command template: {@code {worktree}}, {@code {prompt}} (the prompt as one
 *     argument) and {@code {prompt_file}}; without a prompt placeholder the prompt comes on stdin
 * @param quietEnv set for every run: no telemetry, no update checks, no prompts on a terminal
 * @param passThrough the user's variables the agent gets (its model endpoint and key): exact names,
 *     or prefixes ending in {@code *}; {@code *} alone passes the whole environment ({@code
 *     custom})
 * @param exits what exit codes other than 0 mean; a code not listed is {@link Exit#FAILED}
 * @param zeroExit what 0 means: {@link Exit#DONE}, or {@link Exit#DIFF_DECIDES} for a CLI that
 *     exits 0 also when its model call failed
 * @param endLine a regular expression for the line the CLI prints when a turn ends (progress, or
 *     the completion signal with {@code agentCompletesOnEndLine}); empty when it prints none
 * @param versionArgs the arguments that print its version ({@code ./timmy doctor})
 * @param helpArgs the arguments that print the help listing the command's {@link #flags()}
 * @param unlistedFlags flags the CLI accepts but its help does not list; the doctor skips them
 * @param homeDirs folders under {@code HOME} where it keeps its state; writable in the sandbox
 * @param install one line telling a user how to install the pinned, tested version
 */
public record AgentProfile(
    String name,
    String command,
    Map<String, String> quietEnv,
    List<String> passThrough,
    Map<Integer, Exit> exits,
    Exit zeroExit,
    String endLine,
    List<String> versionArgs,
    List<String> helpArgs,
    List<String> unlistedFlags,
    List<String> homeDirs,
    String install) {

  /** What an exit code means for the job. */
  public enum Exit {
    /** The agent finished; the review and the tests judge its change. */
    DONE,
    /** The agent stopped early (turn limit) or cannot tell: whatever it changed is reviewed. */
    DIFF_DECIDES,
    /** The run failed; the next attempt gets its output as feedback. */
    FAILED,
    /** The model endpoint was unreachable: the same job is tried again later. */
    RETRY_LATER,
    /** The CLI cannot run as configured: no attempt can help. */
    UNUSABLE
  }

  /** What {@code code} means for this agent. */
  public Exit exit(int code) {
    if (code == 0) return zeroExit;
    return exits.getOrDefault(code, Exit.FAILED);
  }

  /** The first word of the command: the program the pane must find on its {@code PATH}. */
  public String program() {
    return command.trim().split("\\s+")[0];
  }

  /**
   * The flags the command uses: each word starting with {@code -} (a lone {@code -} is stdin, not a
   * flag), without an {@code =value}. A release that renames one breaks every job.
   */
  public List<String> flags() {
    if (command.isBlank()) return List.of();
    return Arrays.stream(command.trim().split("\\s+"))
        .filter(w -> w.startsWith("-") && !w.equals("-") && !w.equals("--"))
        .map(w -> w.contains("=") ? w.substring(0, w.indexOf('=')) : w)
        .distinct()
        .toList();
  }

  /** True when the command names no prompt placeholder, so the prompt comes on stdin. */
  public boolean promptOnStdin() {
    return !command.contains("{prompt}") && !command.contains("{prompt_file}");
  }

  /** The same profile with another command (the {@code agentCommand} key). */
  public AgentProfile withCommand(String other) {
    if (other == null || other.isBlank()) return this;
    return new AgentProfile(
        name,
        other.trim(),
        quietEnv,
        passThrough,
        exits,
        zeroExit,
        endLine,
        versionArgs,
        helpArgs,
        unlistedFlags,
        homeDirs,
        install);
  }
}
