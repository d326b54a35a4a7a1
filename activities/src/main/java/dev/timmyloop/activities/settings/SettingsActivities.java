package dev.timmyloop.activities.settings;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The part of the worker's configuration that workflows need for their decisions. It never includes the
 * token or its file: workflows cannot leak what they never receive.
 */
@ActivityInterface(namePrefix = "Settings.")
public interface SettingsActivities {

  /**
   * @param host the host of the worker that answered (informational)
   * @param hosts the hosts whose panes the loop drives, the home host (state files) first; {@code null}
   *     in histories recorded before several hosts existed, which means one host
   * @param hostTimeoutSeconds how long an activity bound to a host may wait for that host's worker
   *     (schedule-to-start) before the host counts as gone
   * @param searchAttributes the server knows the {@code Timmy*} search attributes: workflows set them
   * @param realServer the worker talks to a real Temporal server, not the SDK's test server. Histories
   *     recorded before this field read it as false (Jackson's default for a missing boolean) and so
   *     replay on the test server's path: no version marker needed
   * @param maxFindingsPerCycle how many findings a cycle files at most (0 in histories from before)
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
      int maxFindingsPerCycle) {

    /** As one host's worker said before findings: the default cap. */
    public LoopSettings(
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
        boolean realServer) {
      this(repository, baseBranch, panes, protectedPaths, testCommand, maxDispatch, maxFiledPerCycle,
          claimTtlSeconds, agentTimeoutSeconds, ciTimeoutSeconds, cycleBudgetSeconds, loopPauseSeconds,
          host, hosts, hostTimeoutSeconds, searchAttributes, realServer, 5);
    }

    /** On the test server's path (see {@code realServer}), with a findings cap. */
    public LoopSettings(
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
        int maxFindingsPerCycle) {
      this(repository, baseBranch, panes, protectedPaths, testCommand, maxDispatch, maxFiledPerCycle,
          claimTtlSeconds, agentTimeoutSeconds, ciTimeoutSeconds, cycleBudgetSeconds, loopPauseSeconds,
          host, hosts, hostTimeoutSeconds, searchAttributes, false, maxFindingsPerCycle);
    }

    /** As before {@code realServer} and findings existed: the test server's path, the default cap. */
    public LoopSettings(
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
        boolean searchAttributes) {
      this(repository, baseBranch, panes, protectedPaths, testCommand, maxDispatch, maxFiledPerCycle,
          claimTtlSeconds, agentTimeoutSeconds, ciTimeoutSeconds, cycleBudgetSeconds, loopPauseSeconds,
          host, hosts, hostTimeoutSeconds, searchAttributes, false, 5);
    }

    /** The settings of one host without search attributes (tests and recorded inputs). */
    public LoopSettings(
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
        String host) {
      this(repository, baseBranch, panes, protectedPaths, testCommand, maxDispatch, maxFiledPerCycle,
          claimTtlSeconds, agentTimeoutSeconds, ciTimeoutSeconds, cycleBudgetSeconds, loopPauseSeconds,
          host, null, 0, false, false);
    }
  }

  @ActivityMethod
  LoopSettings settings();

  /**
   * The text of the {@code promptTemplate} file, read now (an edit takes effect without a restart),
   * or {@code ""} when none is configured (the built-in prompt). A missing or unreadable file, or a
   * placeholder not in {@link PromptTemplate#PLACEHOLDERS}, throws a non-retryable
   * {@code ConfigInvalid} naming the file.
   */
  @ActivityMethod
  String promptTemplate();
}
