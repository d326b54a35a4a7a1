package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Phase 2: assess. Reads state and claims, open issues and the panes, and main's CI status; the
 * test command runs on main only when CI has no status there, or a red one (to name what fails). A
 * failure on main is filed once as {@code [loop-generated] [bug] …}. Unclaimed issues are ranked.
 */
@WorkflowInterface
public interface Assess {

  record AssessInput(int cycle, boolean dryRun, LoopSettings settings) {}

  /**
   * @param ranked unclaimed open issues, best first ({@code p0}–{@code p3}, then {@code [bug]},
   *     then oldest)
   * @param openTitles titles of all open issues (FillQueue deduplicates against them)
   * @param mainFailingTests failing test ids on main (empty when green)
   * @param filedBug the issue filed for a failure on main in this cycle, or 0
   * @param mainSlowest main's slowest tests when its test output gives durations
   * @param mainCheckedBy what {@code mainGreen} stands on
   * @param paneHolders issues whose job holds a pane now (dispatched by earlier cycles)
   */
  record Assessment(
      List<IssueRef> ranked,
      List<String> openTitles,
      List<String> idlePanes,
      List<String> busyPanes,
      boolean mainGreen,
      List<String> mainFailingTests,
      long filedBug,
      List<Finding> findings,
      List<String> warnings,
      String summary,
      List<String> mainSlowest,
      MainCheckedBy mainCheckedBy,
      List<Long> paneHolders) {}

  /**
   * CI: its green verdict on main's head; CI_PENDING: CI still runs there, no verdict, nothing ran
   * here; TESTS: the test command ran here (no CI status on main's head, or a red one).
   */
  enum MainCheckedBy {
    CI,
    CI_PENDING,
    TESTS
  }

  @WorkflowMethod
  Assessment assess(AssessInput input);
}
