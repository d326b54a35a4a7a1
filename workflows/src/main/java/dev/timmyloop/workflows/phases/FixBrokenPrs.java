package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.workflows.merge.LandingRequester;
import dev.timmyloop.workflows.phases.Phases.Finding;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Phase 1: fix broken PRs first. Every open PR that is behind main is rebased through the Gitea API
 * and lands once CI is green; a PR with red CI or conflicts gets a {@code PrRepair} child; a PR
 * that two repairs could not fix is parked ({@code needs-human}). New work starts only when none is
 * left broken.
 */
@WorkflowInterface
public interface FixBrokenPrs extends LandingRequester {

  record FixInput(int cycle, boolean dryRun, LoopSettings settings) {}

  /**
   * @param leftBroken PRs still broken and not parked: the cycle starts no new work
   * @param untouched PRs left alone, those waiting only for a free pane among them
   * @param findings what the repairs saw that deserves an issue
   */
  record FixReport(
      List<Long> rebased,
      List<Long> repaired,
      List<Long> merged,
      List<Long> parked,
      List<Long> leftBroken,
      List<Long> untouched,
      String summary,
      List<Finding> findings) {}

  @WorkflowMethod
  FixReport fix(FixInput input);
}
