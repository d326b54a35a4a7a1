package dev.timmyloop.activities.settings;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

public class SettingsActivitiesImpl implements SettingsActivities {
  private final TimmyConfig config;
  private final BooleanSupplier searchAttributes;
  private final boolean realServer;

  public SettingsActivitiesImpl(TimmyConfig config) {
    this(config, false);
  }

  /**
   * @param searchAttributes the worker found (or created) the Timmy search attributes on the server
   */
  public SettingsActivitiesImpl(TimmyConfig config, boolean searchAttributes) {
    this(config, () -> searchAttributes, false);
  }

  /**
   * @param searchAttributes asked at every call: a worker started before the attributes existed
   *     finds them at a later cycle's start
   * @param realServer the worker talks to a real Temporal server (not the SDK's test server)
   */
  public SettingsActivitiesImpl(
      TimmyConfig config, BooleanSupplier searchAttributes, boolean realServer) {
    this.config = config;
    this.searchAttributes = searchAttributes;
    this.realServer = realServer;
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
        realServer,
        config.maxFindingsPerCycle(),
        config.mergeMode(),
        config.mergeParallelism());
  }

  @Override
  public String promptTemplate() {
    Path file = config.promptTemplate();
    if (file == null) return "";
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw invalid(
          "promptTemplate: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    List<String> unknown = PromptTemplate.unknown(text);
    if (!unknown.isEmpty()) {
      throw invalid(
          "promptTemplate: %s uses unknown placeholders %s; known are %s"
              .formatted(file, unknown, new java.util.TreeSet<>(PromptTemplate.PLACEHOLDERS)));
    }
    return text;
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.CONFIG_INVALID);
  }
}
