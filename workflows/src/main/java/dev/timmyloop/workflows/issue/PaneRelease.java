package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.ClaimOutcome;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * A job's change is pushed and its PR open: the agent is done, so its pane goes back to the loop
 * while the PR lands. The issue stays claimed (by a holder without a pane) and in flight, and the
 * cycle hears of it: with issues waiting, the next cycle can dispatch to the pane at once.
 */
final class PaneRelease {
  private static final Logger log = Workflow.getLogger(PaneRelease.class);

  private PaneRelease() {}

  /** The claim the job holds from now on: {@code claim} without its pane, or as it was. */
  static Holder free(LoopSettings s, long issue, Holder claim, JobListeners listeners) {
    Holder paneless = new Holder(claim.cycle(), claim.host(), "");
    Stubs home = Stubs.home(s);
    try {
      // Release first (a claim held under another holder refuses us); the open PR keeps the issue
      // in flight meanwhile.
      home.state("free the pane of #" + issue).release(new Release(issue, claim));
    } catch (ActivityFailure e) {
      log.warn(
          "#{}: could not free the pane ({}); it frees when the job ends", issue, e.getMessage());
      return claim;
    }
    try {
      ClaimOutcome kept =
          home.state("keep #" + issue + " claimed")
              .claim(new ClaimRequest(issue, paneless, s.claimTtlSeconds()));
      if (kept.status() == ClaimStatus.HELD_BY_OTHER)
        log.info("#{}: claimed by {} while its PR lands", issue, kept.claim().holder());
    } catch (ActivityFailure e) {
      log.warn(
          "#{}: not claimed again ({}); its open PR keeps it in flight", issue, e.getMessage());
    }
    listeners.paneFreed();
    return paneless;
  }
}
