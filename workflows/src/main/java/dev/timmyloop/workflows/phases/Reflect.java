package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.CycleRecord;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Phase 6: reflect. Appends the cycle record (with each pane's performance) to {@code
 * .loop/state.json} and a summary to {@code workspace/correspondence.md}.
 */
@WorkflowInterface
public interface Reflect {

  /**
   * @param settings for the home host, which keeps the state files
   */
  record ReflectInput(CycleRecord record, String correspondence, LoopSettings settings) {}

  record ReflectReport(String summary) {}

  @WorkflowMethod
  ReflectReport reflect(ReflectInput input);
}
