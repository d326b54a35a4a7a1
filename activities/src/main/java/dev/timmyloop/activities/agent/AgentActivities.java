package dev.timmyloop.activities.agent;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The coding agent (the Kimi CLI by default) run in a tmux pane.
 *
 * <p>The prompt is written to a file in the job folder ({@code <stateDir>/jobs/<jobId>/}), with a
 * runner script that becomes the pane's own process ({@code respawn-pane}); nothing is typed into
 * the pane. Untrusted text never reaches {@code send-keys} or a shell. The job's runner records its
 * exit code and an end marker in the job folder, which is how {@link #awaitJob} sees the end, also
 * after a worker restart.
 */
@ActivityInterface(namePrefix = "Agent.")
public interface AgentActivities {

  /**
   * @param jobId unique and stable across retries (e.g. {@code issue-123-a1}); names the job folder
   * @param pane the tmux target, e.g. {@code Kimi:0.2}
   * @param worktreePath where the agent works ({@code -w})
   * @param prompt the full prompt; written to a file, never typed
   * @param agent the agent profile ({@code claude}, {@code codex}, …); blank means the configured
   *     one
   */
  record JobRequest(String jobId, String pane, String worktreePath, String prompt, String agent) {
    /** A job for the configured agent. */
    public JobRequest(String jobId, String pane, String worktreePath, String prompt) {
      this(jobId, pane, worktreePath, prompt, "");
    }
  }

  /**
   * @param alreadySent true when a previous attempt had sent it: nothing was sent twice
   */
  record JobTicket(String jobId, String pane, String jobDir, boolean alreadySent) {}

  /**
   * @param timeoutSeconds past this the job is interrupted and reported TIMED_OUT
   */
  record AwaitRequest(String jobId, String pane, long timeoutSeconds) {}

  /** How a job ended; the profile's exit codes decide (see {@code AgentProfile.exits}). */
  enum JobOutcome {
    /**
     * Exited with a code the profile calls done, or one after which the diff decides (Claude Code's
     * max turns, aider's 0 after a failed model call); with {@code agentCompletesOnEndLine}, its
     * end line followed by quiet.
     */
    COMPLETED,
    /** Exited with any other code. */
    FAILED,
    /** Ran past its time limit and was interrupted. */
    TIMED_OUT,
    /** The pane or its process vanished without an exit code. */
    CRASHED,
    /** No output and no file change for {@code agentSilence}: interrupted by the watchdog. */
    SILENT,
    /** The CLI said to try again later (legacy Kimi's 75: the model endpoint was unreachable). */
    RETRY_LATER,
    /** The CLI cannot run as configured (Codex's 2: a usage error); no retry can help. */
    UNUSABLE
  }

  /**
   * @param outputTail the last few KB of output; the full log is {@code logPath}
   * @param turnEnds how many end lines (the profile's {@code endLine}) the CLI printed
   * @param agent the profile that ran
   */
  record JobResult(
      String jobId,
      String pane,
      JobOutcome outcome,
      int exitCode,
      int turnEnds,
      long durationMillis,
      String outputTail,
      String logPath,
      String agent) {}

  /**
   * Asks the agent (not in a pane) for proposals as JSON; returns them validated. Phase 3.
   *
   * @param base when set, the agent runs in a fresh worktree of {@code <remote>/<base>} (fetched
   *     first, removed after) and the prompt gets that checkout's {@code SOUL.md}; blank runs in
   *     the clone
   */
  record AnalysisRequest(String jobId, String prompt, long timeoutSeconds, String base) {
    public AnalysisRequest(String jobId, String prompt, long timeoutSeconds) {
      this(jobId, prompt, timeoutSeconds, "");
    }
  }

  /**
   * One proposal; {@code kind} is one of bug, optimization, feature, refactor, timmy-capability,
   * soul-gap.
   */
  record Proposal(String kind, String title, String body) {}

  /**
   * @param dropped one line per malformed entry, for the log
   * @param changed files the analysis changed in its worktree; then its proposals are dropped
   */
  record AnalysisResult(
      List<Proposal> proposals, List<String> dropped, String logPath, List<String> changed) {}

  /**
   * Starts the job as the pane's process unless a previous attempt already did. A pane where a
   * person runs something fails with {@code PaneBusy}; nothing waits for a shell to be ready.
   */
  @ActivityMethod
  JobTicket dispatch(JobRequest request);

  /** Waits for the job's end, heartbeating its progress; re-attaches after a worker restart. */
  @ActivityMethod
  JobResult awaitJob(AwaitRequest request);

  /**
   * Interrupts a job (Ctrl-C in its pane, then its process group) and frees the pane. Idempotent.
   */
  @ActivityMethod
  void cancelJob(String jobId);

  @ActivityMethod
  AnalysisResult analyze(AnalysisRequest request);
}
