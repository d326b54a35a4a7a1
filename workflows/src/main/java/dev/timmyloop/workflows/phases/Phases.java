package dev.timmyloop.workflows.phases;

import java.util.List;

/** Value types the phases of a cycle exchange. Issue bodies never travel here: they stay small. */
public final class Phases {
  private Phases() {}

  /** An open issue without its body (the job fetches the body itself). */
  public record IssueRef(long number, String title, List<String> labels, String createdAt) {}

  /** Something worth an issue: a failing or flaky test on main, an agent run with bad output. */
  public record Finding(String kind, String title, String body, String signature) {}

  /** A pane and the issue dispatched to it, with the job's workflow id. */
  public record Assignment(String pane, long issue, String title, String workflowId) {}

  /** How one issue job ended, as phase 5 saw it. {@code outcome}: landed, failed, pending. */
  public record JobEnd(
      String workflowId, long issue, String pane, String outcome, String reason, long durationSeconds) {}
}
