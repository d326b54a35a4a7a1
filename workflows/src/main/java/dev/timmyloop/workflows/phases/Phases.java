package dev.timmyloop.workflows.phases;

import java.util.List;

/** Value types the phases of a cycle exchange. Issue bodies never travel here: they stay small. */
public final class Phases {
  private Phases() {}

  /** Every loop-filed issue title starts with this, then the kind in brackets. */
  public static final String LOOP_GENERATED = "[loop-generated]";

  /** {@code [loop-generated] [bug] title}. */
  public static String loopTitle(String kind, String title) {
    return LOOP_GENERATED + " [" + kind + "] " + title;
  }

  /** Titles compared for deduplication: case, spacing and the loop's tags do not matter. */
  public static String normalizeTitle(String title) {
    String t = title == null ? "" : title.toLowerCase(java.util.Locale.ROOT);
    t = t.replace(LOOP_GENERATED, "").replaceAll("^\\s*\\[[a-z-]+\\]", "");
    return t.replaceAll("[^a-z0-9]+", " ").trim();
  }

  /** An open issue without its body (the job fetches the body itself). */
  public record IssueRef(long number, String title, List<String> labels, String createdAt) {}

  /** Something worth an issue: a failing or flaky test on main, an agent run with bad output. */
  public record Finding(String kind, String title, String body, String signature) {}

  /** A pane and the issue dispatched to it, with the job's workflow id. */
  public record Assignment(String pane, long issue, String title, String workflowId) {}

  /**
   * How one issue job ended, as phase 5 saw it. {@code outcome}: landed, failed, pending.
   *
   * @param agent the profile of its agent jobs; empty when unknown (pending, failed)
   * @param agentOutcomes its agent jobs' outcomes in order ({@code RETRY_LATER COMPLETED}); empty
   *     when unknown
   * @param agentSeconds how long its agent jobs ran, together
   */
  public record JobEnd(
      String workflowId,
      long issue,
      String pane,
      String outcome,
      String reason,
      long durationSeconds,
      String agent,
      String agentOutcomes,
      long agentSeconds) {}
}
