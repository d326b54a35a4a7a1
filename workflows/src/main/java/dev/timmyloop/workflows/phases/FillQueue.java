package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.workflows.phases.Phases.Finding;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Phase 3: fill the queue. When unclaimed issues are fewer than idle panes, file {@code
 * [loop-generated] [bug|optimization|feature|refactor|timmy-capability|soul-gap]} issues from an
 * analysis run of the agent, deduplicated against open issues (findings are filed at the cycle's
 * end).
 */
@WorkflowInterface
public interface FillQueue {

  record FillInput(
      int cycle,
      boolean dryRun,
      LoopSettings settings,
      int unclaimed,
      int idlePanes,
      List<String> openTitles,
      String mainReport) {}

  /**
   * @param filed issue numbers filed now; {@code skipped} says why others were not
   * @param findings for the cycle to file: an analysis that changed files, or failed for good
   */
  record FillReport(
      List<Long> filed,
      List<String> filedTitles,
      List<String> skipped,
      String summary,
      List<Finding> findings) {}

  @WorkflowMethod
  FillReport fill(FillInput input);
}
