package dev.timmyloop.workflows.support;

/** Workflow ids a person can read in the Temporal UI. */
public final class WorkflowIds {
  private WorkflowIds() {}

  public static String cycle(int cycle) {
    return "timmy-cycle-" + cycle;
  }

  /** {@code timmy-cycle-42/phase-4-dispatch}. */
  public static String phase(String cycleWorkflowId, int phase, String name) {
    return cycleWorkflowId + "/phase-" + phase + "-" + name;
  }

  /** The cycle number in {@code timmy-cycle-<N>}, or 0 when the id has another form. */
  public static int cycleNumberOf(String workflowId) {
    if (workflowId != null && workflowId.matches("timmy-cycle-\\d{1,9}")) {
      return Integer.parseInt(workflowId.substring("timmy-cycle-".length()));
    }
    return 0;
  }
}
