package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import dev.timmyloop.activities.state.StateFileActivities.JobRecord;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.AgentLabel;
import dev.timmyloop.workflows.support.Labels;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** An issue job whose agent cannot run (workflow code). */
final class UnusableAgent {
  private UnusableAgent() {}

  /** Parks a labelled issue, then records the job's end as failed (its findings with it). */
  static void end(
      IssueJobInput in,
      String labelAgent,
      String label,
      long seconds,
      List<Finding> seen,
      ApplicationFailure unusable) {
    park(in, labelAgent, unusable);
    JobEndRecord.write(
        in.settings(), new JobRecord(in.cycle(), in.issue(), label, "failed", seconds), seen);
  }

  /**
   * A profile chosen by the issue's label that cannot run here is the label's fault: park the
   * issue, or it is dispatched again every cycle. The configured agent's failure parks nothing (the
   * cycle's own check stops the loop instead).
   */
  private static void park(IssueJobInput in, String labelAgent, ApplicationFailure unusable) {
    String configured = in.configuredAgent() == null ? "" : in.configuredAgent();
    if (labelAgent.isEmpty() || labelAgent.equals(configured)) return;
    long n = in.issue();
    String first = unusable.getOriginalMessage().lines().findFirst().orElse("");
    Labels.park(
        "#" + n,
        new NewComment(
            n,
            AgentLabel.PREFIX + labelAgent + " cannot run here: " + first,
            "agent-unusable-" + n + "-" + in.cycle()));
  }
}
