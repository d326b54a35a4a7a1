package dev.timmyloop.workflows.merge;

import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.workflows.merge.LandingPolicy.CiState;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import java.time.Duration;
import java.util.List;

/**
 * The speculative merge queue's decisions, pure. PRs 1…k in the line each get a candidate: the
 * squash of PR i on top of candidate i−1 (or main). Only the head of the line is ever merged,
 * fast-forward-only, and only on green, so main only moves to a sha CI passed. Whatever is decided
 * about the head, the candidates behind it stay valid only while main ends up at the head's
 * candidate.
 */
public final class SpeculativePolicy {
  /** Times the line is rebuilt for the same head because main moved under it. */
  public static final int ROUNDS = 3;

  private SpeculativePolicy() {}

  public enum Built {
    /** Not built on the current base yet. */
    NONE,
    /** Built and pushed to the PR branch: CI runs on it. */
    PUSHED,
    CONFLICT,
    /** The push was refused (a hook, or the branch moved under the lease). */
    PUSH_REFUSED
  }

  /**
   * The head of the line as far as it has been looked at.
   *
   * @param detail conflicting files or the push refusal, for the answer
   * @param merge the last fast-forward attempt, null before one
   * @param mainMoved whether main moved since the line was built; null: not looked at since the
   *     last merge attempt
   * @param round from 1: the line was rebuilt {@code round - 1} times under this head
   */
  public record Head(
      Built built, String detail, CiState ci, MergeOutcome merge, Boolean mainMoved, int round) {
    public static Head built(Built built, String detail) {
      return new Head(built, detail, CiState.UNKNOWN, null, null, 1);
    }

    public Head withCi(CiState state) {
      return new Head(built, detail, state, merge, mainMoved, round);
    }

    public Head tried(MergeOutcome outcome) {
      return new Head(built, detail, ci, outcome, null, round);
    }

    public Head looked(boolean moved) {
      return new Head(built, detail, ci, merge, moved, round);
    }

    /** The next round on the same candidate: CI stays as seen, the merge is tried again. */
    public Head nextRound() {
      return new Head(built, detail, ci, null, null, round + 1);
    }
  }

  public sealed interface Step permits Act, Again, Eject, Landed, RebuildAll {}

  /**
   * AWAIT_CI on the head's candidate; MERGE it fast-forward-only; CHECK_MAIN: fetch and compare
   * main with the base the line was built on.
   */
  public enum Act implements Step {
    AWAIT_CI,
    MERGE,
    CHECK_MAIN
  }

  /** Try the merge again after {@code pause} (Gitea not ready yet). */
  public record Again(Duration pause) implements Step {}

  /**
   * The head leaves the line unmerged, its requester hears {@code status}; the candidates behind it
   * are rebuilt on main (the last good base).
   */
  public record Eject(LandStatus status, String why) implements Step {}

  /** Main is now the head's candidate; the ones behind already stand on it. */
  public record Landed(String why) implements Step {}

  /** Main moved under the line: every candidate is built again on the new main. */
  public record RebuildAll() implements Step {}

  public static Step next(Head h) {
    switch (h.built()) {
      case NONE -> throw new IllegalStateException("the head has no candidate yet");
      case CONFLICT -> {
        return new Eject(
            LandStatus.CONFLICT, "conflicts with main or the candidates before it: " + h.detail());
      }
      case PUSH_REFUSED -> {
        return new Eject(LandStatus.NOT_READY, "the candidate's push was refused: " + h.detail());
      }
      case PUSHED -> {}
    }
    if (h.merge() != null) return afterMerge(h);
    return switch (h.ci().verdict()) {
      case UNKNOWN -> Act.AWAIT_CI;
      case WAITING -> new Eject(LandStatus.CI_TIMEOUT, "CI did not finish");
      case RED -> new Eject(LandStatus.CI_FAILED, h.ci().failing());
      case GREEN -> Act.MERGE;
    };
  }

  private static Step afterMerge(Head h) {
    MergeStatus status = h.merge().status();
    if (status != MergeStatus.CONFLICT_OR_STALE_HEAD && status != MergeStatus.NOT_READY) {
      return new Landed(h.merge().message()); // merged now, or by an earlier attempt
    }
    if (h.mainMoved() == null) return Act.CHECK_MAIN;
    if (h.round() >= ROUNDS) {
      return new Eject(LandStatus.NOT_READY, "not merged after " + ROUNDS + " rounds: " + status);
    }
    if (h.mainMoved()) return new RebuildAll();
    // Main did not move: a stale head means the branch moved under us; Gitea's "not ready" passes.
    if (status == MergeStatus.CONFLICT_OR_STALE_HEAD) {
      return new Eject(LandStatus.NOT_READY, "the PR branch moved: " + h.merge().message());
    }
    return new Again(Duration.ofSeconds(5L * h.round()));
  }

  /** Where candidate {@code i} of the line stands: on candidate i−1, or on main for the head. */
  public static String baseOf(int i, List<String> candidates, String main) {
    return i == 0 ? main : candidates.get(i - 1);
  }
}
