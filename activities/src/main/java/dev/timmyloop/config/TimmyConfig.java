package dev.timmyloop.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole typed configuration of timmy-loop, read by {@link ConfigLoader} from {@code timmy.json}
 * and {@code TIMMY_<KEY>} environment variables. Defaults are those of the shell loop this
 * replaces.
 *
 * <p>It holds the path of the Gitea token file, never the token: the token is read inside the Gitea
 * activity implementation only, so it cannot reach a workflow input, result or history.
 */
public record TimmyConfig(
    // Temporal
    String temporalAddress,
    String namespace,
    String taskQueue,
    String host,
    List<String> hosts,
    Duration hostTimeout,
    // Gitea
    String giteaUrl,
    String giteaOwner,
    String giteaRepo,
    Path giteaTokenFile,
    Duration giteaTimeout,
    // Repository and files
    Path repoPath,
    String baseBranch,
    String remote,
    Path stateDir,
    Path correspondenceFile,
    Path worktreeRoot,
    List<String> protectedPaths,
    List<String> protectedBranches,
    // Agents
    String tmuxSession,
    String tmuxSocket,
    String tmuxConf,
    int panes,
    String agent,
    String agentCommand,
    List<String> agentEnv,
    Duration agentTimeout,
    Duration agentSilence,
    String agentSandbox,
    boolean agentCompletesOnEndLine,
    /** The agent's prompt template file, or null for the built-in prompt. */
    Path promptTemplate,
    // Tests and CI
    String testCommand,
    String formatCommand,
    Duration testTimeout,
    Duration ciTimeout,
    /** {@code serial} (squash, one PR at a time) or {@code speculative} (fast-forward-only). */
    String mergeMode,
    /** Speculative candidates in CI at once. */
    int mergeParallelism,
    // Cycle
    int maxDispatch,
    int maxFiledPerCycle,
    int maxFindingsPerCycle,
    Duration claimTtl,
    Duration cycleBudget,
    Duration loopPause,
    // Worker
    int metricsPort,
    String logFormat) {

  /** The tmux targets of the agent panes, {@code Kimi:0.0} … {@code Kimi:0.<panes-1>}. */
  public List<String> paneTargets() {
    return java.util.stream.IntStream.range(0, panes)
        .mapToObj(i -> tmuxSession + ":0." + i)
        .toList();
  }

  /** Where each agent job keeps its prompt, runner, output log and exit code. */
  public Path jobsDir() {
    return stateDir.resolve("jobs");
  }

  /** Where full logs of test runs are kept (results carry only a tail). */
  public Path logsDir() {
    return stateDir.resolve("logs");
  }
}
