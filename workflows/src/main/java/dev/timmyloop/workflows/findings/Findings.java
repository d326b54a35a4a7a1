package dev.timmyloop.workflows.findings;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.gitea.GiteaActivities.NewFinding;
import dev.timmyloop.activities.gitea.GiteaActivities.PostedStatus;
import dev.timmyloop.activities.state.StateFileActivities.PendingFinding;
import dev.timmyloop.workflows.phases.Phases;
import dev.timmyloop.workflows.phases.Phases.Finding;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the loop saw that deserves a {@code [loop-generated] [bug]} issue, as values: rejected agent
 * output, runtime errors and flaky tests. Pure; the cycle files them in one place ({@code
 * GiteaActivities.fileFinding}), at most {@code maxFindingsPerCycle}.
 */
public final class Findings {
  /** Bodies stay small: they travel in results and histories. */
  static final int MAX_BODY = 4000;

  /** Failure types that are answers the loop expects, not errors worth an issue. */
  static final Set<String> EXPECTED = Set.of(FailureTypes.PANE_BUSY, FailureTypes.INVALID_CLAIM);

  private Findings() {}

  /** A stable short hash of a signature: the marker the forge is searched for. */
  public static String hash(String signature) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(signature.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The activity's input: title with the loop's tags, the signature hashed, labels. */
  public static NewFinding toIssue(Finding f) {
    return new NewFinding(
        hash(f.signature()),
        Phases.loopTitle(f.kind(), f.title()),
        f.body(),
        List.of("loop-generated", f.kind()));
  }

  /** As kept in the findings ledger of the home host. */
  public static PendingFinding pending(Finding f) {
    return new PendingFinding(f.signature(), f.kind(), f.title(), f.body());
  }

  public static Finding of(PendingFinding p) {
    return new Finding(p.kind() == null ? "bug" : p.kind(), p.title(), p.body(), p.signature());
  }

  /** Each signature once, in order: the same failure seen twice in a cycle is one issue. */
  public static List<Finding> unique(List<Finding> all) {
    Map<String, Finding> out = new LinkedHashMap<>();
    for (Finding f : all) if (f != null) out.putIfAbsent(f.signature(), f);
    return new ArrayList<>(out.values());
  }

  /** A job gave up: the issue, its attempts, why each was rejected, the agent and its output. */
  public static Finding gaveUp(
      long issue, List<String> reasons, String agent, String pane, String outputTail) {
    return gaveUp("#" + issue, "gave-up:#" + issue, reasons, agent, pane, outputTail);
  }

  /** A repair gave up (the PR was parked): as {@link #gaveUp}, naming the PR. */
  public static Finding repairGaveUp(
      long pull, List<String> reasons, String agent, String pane, String outputTail) {
    return gaveUp("PR #" + pull, "repair-gave-up:PR#" + pull, reasons, agent, pane, outputTail);
  }

  private static Finding gaveUp(
      String what,
      String signature,
      List<String> reasons,
      String agent,
      String pane,
      String outputTail) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "The loop gave up on %s after %s agent attempts; each was rejected.\n\n"
                + "Agent profile: `%s` · pane: `%s`\n\n",
            what, reasons.size(), blankAs(agent, "default"), pane));
    int per = Math.max(200, (MAX_BODY - 1500) / Math.max(1, reasons.size()));
    for (int i = 0; i < reasons.size(); i++) {
      String reason = Text.tail(reasons.get(i), per);
      b.append(String.format("Attempt %s rejected:\n```\n%s\n```\n", i + 1, reason));
    }
    b.append("\nEnd of the agent's output:\n```\n")
        .append(Text.tail(blankAs(outputTail, ""), 1000))
        .append("\n```\n");
    return new Finding(
        "bug", "agent output rejected on " + what, Text.tail(b.toString(), MAX_BODY), signature);
  }

  /**
   * An activity that failed for good (non-retryable, or out of retries) as a finding; null when the
   * failure is no activity's or an expected answer (cancellation, a busy pane).
   */
  public static Finding runtime(Throwable failure, String workflowId) {
    ActivityFailure activity = null;
    String where = workflowId;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ActivityFailure a) activity = a;
      if (t instanceof ChildWorkflowFailure c && activity == null)
        where = c.getExecution().getWorkflowId();
      if (t instanceof CanceledFailure) return null;
    }
    if (activity == null) return null;
    Throwable cause = activity.getCause();
    String type =
        cause instanceof ApplicationFailure a
            ? a.getType()
            : cause instanceof TimeoutFailure t
                ? "Timeout" + t.getTimeoutType().name().replace("TIMEOUT_TYPE_", "")
                : cause == null ? "Unknown" : cause.getClass().getSimpleName();
    if (EXPECTED.contains(type)) return null;
    String message =
        cause instanceof TemporalFailure tf
            ? tf.getOriginalMessage()
            : String.valueOf(activity.getMessage());
    String name = activity.getActivityType();
    String body =
        String.format(
            "An activity failed in a way its retries did not fix.\n\n- activity: `%s`\n"
                + "- failure type: `%s`\n- workflow: `%s`\n\nMessage:\n```\n%s\n```\n",
            name, type, where, Text.tail(String.valueOf(message), 2500));
    return new Finding(
        "bug", "runtime error in " + name + ": " + type, body, "runtime:" + name + ":" + type);
  }

  /** A test that failed and then passed on a rerun of the same commit. */
  public static Finding flakyTest(String test, String where, String output) {
    String body =
        String.format(
            "`%s` failed, then passed on a rerun of the same commit (%s).\n\n"
                + "Output of the failing run (tail):\n```\n%s\n```\n",
            test, where, Text.tail(blankAs(output, ""), 2500));
    return new Finding("bug", "flaky test: " + test, body, "flaky:" + test);
  }

  /**
   * CI checks of one sha that reported failure and later success: flaky checks. A run cancelled by
   * a later push is no failure of the check. {@code history} is newest first, as the forge lists
   * it.
   */
  public static List<Finding> ciFlips(String sha, long pull, List<PostedStatus> history) {
    Set<String> passedLater = new HashSet<>();
    Set<String> seen = new HashSet<>();
    List<Finding> out = new ArrayList<>();
    for (PostedStatus s : history) {
      String state = blankAs(s.state(), "");
      if (state.equals("success")) passedLater.add(s.context());
      boolean failed = (state.equals("failure") || state.equals("error")) && !s.cancelled();
      if (failed && passedLater.contains(s.context()) && seen.add(s.context())) {
        out.add(
            flakyTest(
                s.context(),
                "CI on " + sha + " of PR #" + pull + " reported " + state + ", then success",
                ""));
      }
    }
    return out;
  }

  private static String blankAs(String s, String other) {
    return s == null || s.isBlank() ? other : s;
  }
}
