package dev.timmyloop.workflows.phases;

import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.repair.PrRepair.Reason;
import dev.timmyloop.workflows.support.Labels;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Phase 1: what to do with one open PR. Pure: the workflow loads a {@link PrSnapshot} first, this
 * decides, and {@code FixBrokenPrsImpl} only carries the decision out.
 */
public final class BrokenPrPolicy {
  /** PRs with one of these labels are left alone: parked or marked not to be touched. */
  public static final Set<String> HANDS_OFF = Set.of(Labels.NEEDS_HUMAN, "wip", "do-not-merge");

  private BrokenPrPolicy() {}

  /**
   * One open PR as phase 1 sees it.
   *
   * @param behind commits of the base the head does not contain
   * @param ciState the combined status of the head ({@code ""}/pending: waiting)
   * @param inProgress an issue job of the loop still owns the branch (a live claim)
   */
  public record PrSnapshot(
      long number,
      String title,
      String headBranch,
      String headSha,
      int behind,
      String ciState,
      boolean mergeable,
      List<String> labels,
      boolean inProgress) {}

  public sealed interface PrAction permits Leave, Land, Repair {}

  /** What became of one PR in phase 1; a PR can be rebased and merged, or repaired and merged. */
  public enum Fate {
    REBASED,
    REPAIRED,
    MERGED,
    PARKED,
    BROKEN,
    WAITING,
    UNTOUCHED
  }

  /** After the merge queue answered: phase 1 is done with the PR, or repairs it first. */
  public sealed interface AfterLanding permits Settled, Repair {}

  /** Done with the PR: {@code note} is shown in the phase's summary. */
  public record Settled(Fate fate, String note) implements AfterLanding {}

  /** Nothing to do now; {@code why} is shown in the phase's summary. */
  public record Leave(String why) implements PrAction {}

  /**
   * Hand it to the merge queue, which rebases it through the API when it is behind, waits for CI on
   * the new head and squash-merges. {@code stale} says it was behind main.
   */
  public record Land(boolean stale) implements PrAction {}

  /** Red CI or a conflict: the agent repairs it ({@code PrRepair}), then it lands. */
  public record Repair(Reason reason) implements PrAction, AfterLanding {}

  public static PrAction decide(PrSnapshot pr) {
    if (pr.labels().stream().anyMatch(l -> HANDS_OFF.contains(l.toLowerCase(Locale.ROOT)))) {
      return new Leave("labelled " + String.join(", ", pr.labels()));
    }
    if (pr.title().toLowerCase(Locale.ROOT).startsWith("wip") || pr.title().startsWith("[WIP]")) {
      return new Leave("work in progress");
    }
    if (pr.inProgress()) return new Leave("its issue job is still running");
    String ci = pr.ciState() == null ? "" : pr.ciState();
    if (ci.equals("failure") || ci.equals("error")) return new Repair(Reason.CI_FAILED);
    // A PR behind main is rebased through the API; if that conflicts, the queue answers CONFLICT
    // and
    // the PR is repaired then. Up to date, it cannot conflict with main: "not mergeable" is Gitea's
    // check still running.
    if (pr.behind() > 0) return new Land(true);
    if (!pr.mergeable()) return new Leave("Gitea has not found it mergeable yet");
    if (ci.isEmpty() || ci.equals("pending")) return new Leave("CI still running");
    return new Land(false);
  }

  /**
   * What follows the queue's answer. Red CI or a conflict is repaired once; after a repair the PR
   * either merged or stays broken.
   */
  public static AfterLanding afterLanding(LandStatus status, String message, boolean repaired) {
    if (status == LandStatus.MERGED || status == LandStatus.ALREADY_MERGED)
      return new Settled(Fate.MERGED, message);
    if (repaired) return new Settled(Fate.BROKEN, message);
    return switch (status) {
      case CONFLICT -> new Repair(Reason.CONFLICT);
      case CI_FAILED -> new Repair(Reason.CI_FAILED);
      case CLOSED -> new Settled(Fate.UNTOUCHED, "closed meanwhile");
      default -> new Settled(Fate.BROKEN, status + ": " + message);
    };
  }
}
