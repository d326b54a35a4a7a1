package dev.timmyloop.activities.settings;

import dev.timmyloop.config.TimmyConfig;

public class SettingsActivitiesImpl implements SettingsActivities {
  private final TimmyConfig config;
  private final boolean searchAttributes;

  public SettingsActivitiesImpl(TimmyConfig config) {
    this(config, false);
  }

  /** @param searchAttributes the worker found (or created) the Timmy search attributes on the server */
  public SettingsActivitiesImpl(TimmyConfig config, boolean searchAttributes) {
    this.config = config;
    this.searchAttributes = searchAttributes;
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
        config.host(),
        config.hosts(),
        config.hostTimeout().toSeconds(),
        searchAttributes);
  }
}
