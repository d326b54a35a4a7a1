package dev.timmyloop.activities.settings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The part of the worker's configuration that workflows need for their decisions. It never includes
 * the token or its file: workflows cannot leak what they never receive.
 */
@ActivityInterface(namePrefix = "Settings.")
public interface SettingsActivities {

  /**
   * @param host the host of the worker that answered (informational)
   * @param hosts the hosts whose panes the loop drives, the home host (state files) first
   * @param hostTimeoutSeconds how long an activity bound to a host may wait for that host's worker
   *     (schedule-to-start) before the host counts as gone
   * @param searchAttributes the server knows the {@code Timmy*} search attributes: workflows set
   *     them
   * @param realServer the worker talks to a real Temporal server, not the SDK's test server
   * @param maxFindingsPerCycle how many findings a cycle files at most
   * @param mergeMode {@code serial} or {@code speculative} (see the merge queue)
   * @param mergeParallelism speculative candidates in CI at once
   */
  record LoopSettings(
      String repository,
      String baseBranch,
      List<String> panes,
      List<String> protectedPaths,
      String testCommand,
      int maxDispatch,
      int maxFiledPerCycle,
      long claimTtlSeconds,
      long agentTimeoutSeconds,
      long ciTimeoutSeconds,
      long cycleBudgetSeconds,
      long loopPauseSeconds,
      String host,
      List<String> hosts,
      long hostTimeoutSeconds,
      boolean searchAttributes,
      boolean realServer,
      int maxFindingsPerCycle,
      String mergeMode,
      int mergeParallelism) {
    public static final String SPECULATIVE = "speculative";

    /** Candidates built on each other and merged fast-forward-only (see the merge queue). */
    @JsonIgnore // derived: must not travel as a field of the payload
    public boolean speculative() {
      return SPECULATIVE.equals(mergeMode);
    }
  }

  @ActivityMethod
  LoopSettings settings();

  /**
   * The text of the {@code promptTemplate} file, read now (an edit takes effect without a restart),
   * or {@code ""} when none is configured (the built-in prompt). A missing or unreadable file, or a
   * placeholder not in {@link PromptTemplate#PLACEHOLDERS}, throws a non-retryable {@code
   * ConfigInvalid} naming the file.
   */
  @ActivityMethod
  String promptTemplate();
}
