package dev.timmyloop.activities.settings;

import dev.timmyloop.config.TimmyConfig;

public class SettingsActivitiesImpl implements SettingsActivities {
  private final TimmyConfig config;

  public SettingsActivitiesImpl(TimmyConfig config) {
    this.config = config;
  }

  @Override
  public LoopSettings settings() {
    return new LoopSettings(
        config.giteaOwner() + "/" + config.giteaRepo(),
        config.baseBranch(),
        config.paneTargets(),
        config.protectedPaths(),
        config.testCommand(),
        config.maxDispatch(),
        config.maxFiledPerCycle(),
        config.claimTtl().toSeconds(),
        config.agentTimeout().toSeconds(),
        config.ciTimeout().toSeconds(),
        config.cycleBudget().toSeconds(),
        config.loopPause().toSeconds(),
        config.host());
  }
}
