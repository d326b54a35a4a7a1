package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.ClaimOutcome;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.workflows.phases.Phases;
import dev.timmyloop.workflows.support.Hosts;
import dev.timmyloop.workflows.support.PaneScan;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Several hosts: where an issue job goes when its host has no worker (schedule-to-start ran out).
 * It takes the first idle pane on a host not yet lost and moves the claim there. Workflow code: build
 * it in a workflow's field initializer.
 */
final class HostMove {
  private static final Logger log = Workflow.getLogger(HostMove.class);

  /** How often one job moves at most. */
  static final int MAX_MOVES = 2;
  /** The failure type of a job whose host is gone with nowhere to move. */
  static final String HOST_GONE = "HostGone";

  /** Where a job runs: a pane on a host, and the claim owner that names them. */
  record Place(String host, String pane, String claimOwner) {
    /** {@code Kimi:0.2}, or {@code Kimi:0.2@b} with several hosts. */
    String label() {
      return Hosts.label(host, pane);
    }
  }

  private final List<String> lost = new ArrayList<>();
  private int moves;

  /**
   * The place to go on from, after {@code from}'s host was lost.
   *
   * @throws ApplicationFailure {@value #HOST_GONE} when the job moved too often or no other host
   *     has an idle pane
   */
  Place away(LoopSettings s, long issue, Place from) {
    lost.add(from.host());
    if (!Hosts.several(s) || moves >= MAX_MOVES) {
      throw ApplicationFailure.newNonRetryableFailure(
          "host " + from.host() + " has no worker (after " + moves + " moves)", HOST_GONE);
    }
    moves++;
    Stubs home = Stubs.home(s);
    Set<String> held =
        home.state("read claims").readState().liveClaims().stream()
            .map(c -> Phases.paneOf(c.owner()))
            .collect(Collectors.toSet());
    List<String> others = s.hosts().stream().filter(h -> !lost.contains(h)).toList();
    List<String> idle = PaneScan.scan(s, others, held).idle();
    if (idle.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "host " + from.host() + " has no worker and no other host has an idle pane", HOST_GONE);
    }
    String label = idle.get(0);
    String owner = Phases.claimOwner(cyclePart(from.claimOwner()), label);
    // Release, then claim: the job's workflow id keeps a second job off the issue meanwhile.
    home.state("release #" + issue).release(new Release(issue, from.claimOwner()));
    ClaimOutcome claim =
        home.state("claim #" + issue).claim(new ClaimRequest(issue, owner, s.claimTtlSeconds()));
    if (claim.status() == ClaimStatus.HELD_BY_OTHER) {
      log.warn("#{}: claim now held by {}; the job goes on", issue, claim.claim().owner());
      owner = from.claimOwner();
    }
    TimmyAttributes.upsertPane(s, label);
    log.info("#{} moved from {} to {}", issue, from.label(), label);
    return new Place(Hosts.hostOf(label), Hosts.paneOf(label), owner);
  }

  /** {@code timmy-cycle-3 on Kimi:0.1@a} → {@code timmy-cycle-3}. */
  static String cyclePart(String owner) {
    int at = owner == null ? -1 : owner.lastIndexOf(" on ");
    return at < 0 ? String.valueOf(owner) : owner.substring(0, at);
  }
}
