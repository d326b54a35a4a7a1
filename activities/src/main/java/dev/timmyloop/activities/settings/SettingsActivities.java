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
      int maxFindingsPerCycle) {

    /** Before findings: the default cap. */
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
          host, hosts, hostTimeoutSeconds, searchAttributes, 5);
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
          host, null, 0, false);
    }
  }

  @ActivityMethod
  LoopSettings settings();
}
