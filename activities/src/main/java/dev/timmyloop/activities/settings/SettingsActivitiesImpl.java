package dev.timmyloop.activities.settings;

import dev.timmyloop.config.TimmyConfig;
import java.util.function.BooleanSupplier;

public class SettingsActivitiesImpl implements SettingsActivities {
  private final TimmyConfig config;
  private final BooleanSupplier searchAttributes;

  public SettingsActivitiesImpl(TimmyConfig config) {
    this(config, false);
  }

  /** @param searchAttributes the worker found (or created) the Timmy search attributes on the server */
  public SettingsActivitiesImpl(TimmyConfig config, boolean searchAttributes) {
    this(config, () -> searchAttributes);
  }

  /**
   * @param searchAttributes asked at every call: a worker started before the attributes existed finds
   *     them at a later cycle's start
   */
  public SettingsActivitiesImpl(TimmyConfig config, BooleanSupplier searchAttributes) {
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
        searchAttributes.getAsBoolean(),
        config.maxFindingsPerCycle());
  }
}
