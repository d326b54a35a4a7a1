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
      String host) {}

  @ActivityMethod
  LoopSettings settings();
}
