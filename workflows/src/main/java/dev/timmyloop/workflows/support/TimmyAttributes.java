package dev.timmyloop.workflows.support;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * The typed search attributes of the loop's workflows, as {@code
 * deploy/temporal/create-namespace.sh} creates them. They are sent only when the settings say the
 * server knows them (the worker checks once at start), so a server without them breaks nothing.
 */
public final class TimmyAttributes {
  public static final SearchAttributeKey<Long> CYCLE = SearchAttributeKey.forLong("TimmyCycle");
  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("TimmyPhase");
  public static final SearchAttributeKey<Long> ISSUE = SearchAttributeKey.forLong("TimmyIssue");
  public static final SearchAttributeKey<String> PANE = SearchAttributeKey.forKeyword("TimmyPane");
  public static final SearchAttributeKey<String> OUTCOME =
      SearchAttributeKey.forKeyword("TimmyOutcome");

  /** Every name with its server type, for the worker's check. */
  public static final java.util.Map<String, String> TYPES =
      java.util.Map.of(
          "TimmyCycle", "Int",
          "TimmyPhase", "Keyword",
          "TimmyIssue", "Int",
          "TimmyPane", "Keyword",
          "TimmyOutcome", "Keyword");

  private TimmyAttributes() {}

  private static boolean on(LoopSettings s) {
    return s != null && s.searchAttributes();
  }

  /** Gives a phase child {@code TimmyCycle} and {@code TimmyPhase}; none when off. */
  public static void phase(
      ChildWorkflowOptions.Builder child, LoopSettings s, int cycle, String phase) {
    if (!on(s)) return;
    child.setTypedSearchAttributes(
        SearchAttributes.newBuilder().set(CYCLE, (long) cycle).set(PHASE, phase).build());
  }

  /** Gives a job on an issue or PR its cycle, number and pane; none when off. */
  public static void job(
      ChildWorkflowOptions.Builder child, LoopSettings s, int cycle, long number, String pane) {
    if (!on(s)) return;
    child.setTypedSearchAttributes(
        SearchAttributes.newBuilder()
            .set(CYCLE, (long) cycle)
            .set(ISSUE, number)
            .set(PANE, pane == null ? "" : pane)
            .build());
  }

  /** The cycle's own number, upserted when it starts (a client starts a cycle, not a parent). */
  public static void upsertCycle(LoopSettings s, int cycle) {
    if (on(s)) Workflow.upsertTypedSearchAttributes(CYCLE.valueSet((long) cycle));
  }

  /** {@code TimmyOutcome} at the end of a workflow. */
  public static void upsertOutcome(LoopSettings s, String outcome) {
    if (on(s)) Workflow.upsertTypedSearchAttributes(OUTCOME.valueSet(outcome));
  }

  /** {@code TimmyPane} after a job moved to another host. */
  public static void upsertPane(LoopSettings s, String pane) {
    if (on(s)) Workflow.upsertTypedSearchAttributes(PANE.valueSet(pane));
  }

  /**
   * Runs a phase's body; when it fails, the phase's {@code TimmyOutcome} becomes {@code failed}
   * before the failure ends the workflow, so {@code TimmyOutcome = "failed" AND TimmyPhase = ...}
   * finds it. Only phases started with {@code TimmyPhase} (the server knows the attributes) upsert;
   * a cancelled phase does not.
   */
  public static <T> T failedPhase(java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (io.temporal.failure.TemporalFailure e) {
      // Only a TemporalFailure fails the workflow; any other exception fails the task, which
      // retries.
      boolean cancelled =
          e instanceof io.temporal.failure.CanceledFailure
              || io.temporal.workflow.CancellationScope.current().isCancelRequested();
      if (!cancelled && Workflow.getTypedSearchAttributes().containsKey(PHASE)) {
        Workflow.upsertTypedSearchAttributes(OUTCOME.valueSet("failed"));
      }
      throw e;
    }
  }
}
