package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Phase 4: dispatch. For each idle pane (at most {@code maxDispatch}), the highest-ranked unclaimed
 * issue is claimed and an {@code IssueJob} child is started that outlives the cycle. {@code ops
 * assign} runs it on its own for one issue and one pane.
 */
@WorkflowInterface
public interface Dispatch {

  /**
   * @param agent the configured agent profile as the cycle's check named it; null when unchecked
   */
  record DispatchInput(
      int cycle,
      boolean dryRun,
      LoopSettings settings,
      int maxDispatch,
      List<String> idlePanes,
      List<IssueRef> ranked,
      String agent) {}

  record DispatchReport(List<Assignment> assignments, List<String> skipped, String summary) {}

  @WorkflowMethod
  DispatchReport dispatch(DispatchInput input);
}
