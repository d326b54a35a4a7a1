package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.ClaimOutcome;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.Release;
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
 * It takes the first idle pane on a host not yet lost and moves the claim there. Workflow code:
 * build it in a workflow's field initializer.
 */
final class HostMove {
  private static final Logger log = Workflow.getLogger(HostMove.class);

  /** How often one job moves at most. */
  static final int MAX_MOVES = 2;

  /** The failure type of a job whose host is gone with nowhere to move. */
  static final String HOST_GONE = "HostGone";

  private final List<String> lost = new ArrayList<>();
  private int moves;

  /**
   * The claim to go on with, after the host of {@code from} ({@code host}) was lost.
   *
   * @throws ApplicationFailure {@value #HOST_GONE} when the job moved too often or no other host
   *     has an idle pane
   */
  Holder away(LoopSettings s, long issue, String host, Holder from) {
    lost.add(host);
    if (!Hosts.several(s) || moves >= MAX_MOVES) {
      throw ApplicationFailure.newNonRetryableFailure(
          "host " + host + " has no worker (after " + moves + " moves)", HOST_GONE);
    }
    moves++;
    Stubs home = Stubs.home(s);
    Set<String> held =
        home.state("read claims").readState().liveClaims().stream()
            .map(c -> c.holder().paneLabel())
            .collect(Collectors.toSet());
    List<String> others = s.hosts().stream().filter(h -> !lost.contains(h)).toList();
    List<String> idle = PaneScan.scan(s, others, held).idle();
    if (idle.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "host " + host + " has no worker and no other host has an idle pane", HOST_GONE);
    }
    String label = idle.get(0);
    Holder to = Hosts.holder(from.cycle(), label);
    // Release, then claim: the job's workflow id keeps a second job off the issue meanwhile.
    home.state("release #" + issue).release(new Release(issue, from));
    ClaimOutcome claim =
        home.state("claim #" + issue).claim(new ClaimRequest(issue, to, s.claimTtlSeconds()));
    if (claim.status() == ClaimStatus.HELD_BY_OTHER) {
      // Its release at the end then leaves the other holder's claim alone.
      log.warn("#{}: claim now held by {}; the job goes on", issue, claim.claim().holder());
    }
    TimmyAttributes.upsertPane(s, label);
    log.info("#{} moved from {} to {}", issue, Hosts.label(host, from.pane()), label);
    return to;
  }
}
