package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.activities.state.StateFileActivities.JobRecord;
import dev.timmyloop.activities.state.StateFileActivities.PendingFindings;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * A job's end, kept on the home host (workflow code): phase 5 may have stopped waiting for it, so
 * its record and its findings cannot travel only in its result.
 */
final class JobEndRecord {
  private static final Logger log = Workflow.getLogger(JobEndRecord.class);

  private JobEndRecord() {}

  /**
   * The end into state.json, so a cycle record that phase 5 left "pending" tells the truth, and the
   * findings into the ledger the next filing step reads (one reported both ways is filed once, by
   * signature). Neither is worth failing a finished job.
   */
  static void write(LoopSettings settings, JobRecord end, List<Finding> findings) {
    StateFileActivities state =
        Stubs.home(settings).state("record the end of #" + end.issue() + " in state.json");
    try {
      state.recordJobEnd(end);
    } catch (ActivityFailure e) {
      log.warn("could not record the end of #{}: {}", end.issue(), e.getMessage());
    }
    if (findings.isEmpty()) return;
    try {
      Stubs.home(settings)
          .state("hand " + findings.size() + " findings of #" + end.issue() + " to the next filing")
          .pendFindings(new PendingFindings(findings.stream().map(Findings::pending).toList()));
    } catch (ActivityFailure e) {
      log.warn("could not hand over the findings of #{}: {}", end.issue(), e.getMessage());
    }
  }
}
