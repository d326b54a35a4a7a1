package dev.timmyloop.workflows.issue;

import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import io.temporal.workflow.Async;

/**
 * The cycles a job tells of its freed pane and its end: its own, and the latest later cycle that
 * adopted it while it held a pane (its own cycle is then over, and the new one dispatches to the
 * pane the moment it is free). A job whose pane is already free when adopted says so at once.
 */
final class JobListeners {
  private final String own;
  private final long issue;
  private String adopter = "";
  private boolean paneFreed;

  JobListeners(String ownCycle, long issue) {
    this.own = ownCycle;
    this.issue = issue;
  }

  void adopt(String cycle) {
    if (cycle == null || cycle.isEmpty() || cycle.equals(own) || cycle.equals(adopter)) return;
    adopter = cycle;
    // A signal handler must not block: the signal goes out from a workflow thread of its own.
    if (paneFreed) Async.procedure(() -> JobEndListener.tellPaneFreed(cycle, issue));
  }

  void paneFreed() {
    paneFreed = true;
    JobEndListener.tellPaneFreed(own, issue);
    JobEndListener.tellPaneFreed(adopter, issue);
  }

  void ended(IssueJobResult result) {
    JobEndListener.tell(own, result);
    JobEndListener.tell(adopter, result);
  }
}
