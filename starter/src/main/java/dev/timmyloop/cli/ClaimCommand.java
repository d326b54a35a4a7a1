package dev.timmyloop.cli;

import dev.timmyloop.activities.state.StateFileActivities.Claim;
import dev.timmyloop.activities.state.StateFileActivities.ClaimOutcome;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.LoopState;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./timmy claim take|drop|list [N]}: the old {@code hermes-claim} verbs, on the loop's own
 * claims file through the same activity code, so the same lock and the same rules hold.
 */
@Command(
    name = "claim",
    description = "Take, drop or list claims on issues (the loop's claims.json).",
    subcommands = {ClaimCommand.Take.class, ClaimCommand.Drop.class, ClaimCommand.ListClaims.class})
public final class ClaimCommand extends GroupCommand {

  /**
   * Who a claim taken by hand belongs to: {@code owner} if given, else the person, on this host.
   */
  static String owner(TimmyConfig config, String owner) {
    if (owner != null && !owner.isBlank()) return owner;
    return System.getProperty("user.name", "someone") + "@" + config.host() + " (timmy claim)";
  }

  abstract static class Verb extends BaseCommand {
    @Mixin ConfigOption configOption;

    static String describe(Claim c) {
      return "#%s  %s  since %s  until %s"
          .formatted(c.issue(), c.holder(), c.claimedAt(), c.expiresAt());
    }
  }

  @Command(
      name = "take",
      description = "Claim issue N for yourself, so the loop does not dispatch it.")
  static final class Take extends Verb {
    @Parameters(paramLabel = "N")
    long issue;

    @Option(names = "--owner", description = "owner to record (default: you@host (timmy claim))")
    String owner;

    @Override
    protected int run() {
      TimmyConfig config = configOption.config();
      String who = owner(config, owner);
      ClaimOutcome out =
          new StateFileActivitiesImpl(config)
              .claim(new ClaimRequest(issue, Holder.byHand(who), config.claimTtl().toSeconds()));
      if (out.status() == ClaimStatus.HELD_BY_OTHER) {
        err()
            .printf(
                "#%s is claimed by %s until %s%n",
                issue, out.claim().holder(), out.claim().expiresAt());
        return ExitCodes.FAILURE;
      }
      out()
          .println(
              (out.status() == ClaimStatus.CLAIMED ? "claimed " : "renewed ")
                  + Verb.describe(out.claim()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "drop", description = "Drop your claim on issue N (--force: whoever holds it).")
  static final class Drop extends Verb {
    @Parameters(paramLabel = "N")
    long issue;

    @Option(
        names = "--owner",
        description = "the owner whose claim to drop (default: you@host (timmy claim))")
    String owner;

    @Option(
        names = "--force",
        description = "drop the claim whoever holds it (a job holding it keeps running)")
    boolean force;

    @Override
    protected int run() {
      TimmyConfig config = configOption.config();
      StateFileActivitiesImpl state = new StateFileActivitiesImpl(config);
      String who = owner(config, owner);
      LoopState now = state.readState();
      List<Claim> all = new ArrayList<>(now.liveClaims());
      all.addAll(now.expiredClaims());
      Claim held = all.stream().filter(c -> c.issue() == issue).findFirst().orElse(null);
      if (held == null) {
        out().println("#" + issue + " is not claimed");
        return ExitCodes.OK;
      }
      // --owner names a job's claim as the list shows it: timmy-cycle-3 on Kimi:0.2
      if (!held.holder().toString().equals(who) && !force) {
        err().printf("#%s is claimed by %s; add --force to drop it anyway%n", issue, held.holder());
        return ExitCodes.FAILURE;
      }
      state.release(new Release(issue, held.holder()));
      out().println("dropped " + Verb.describe(held));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List the claims (or the claim on issue N).")
  static final class ListClaims extends Verb {
    @Parameters(paramLabel = "N", arity = "0..1")
    Long issue;

    @Override
    protected int run() {
      LoopState now = new StateFileActivitiesImpl(configOption.config()).readState();
      now.warnings().forEach(w -> err().println("WARN " + w));
      int shown = 0;
      for (Claim c : now.liveClaims()) {
        if (issue != null && c.issue() != issue) continue;
        out().println(Verb.describe(c));
        shown++;
      }
      for (Claim c : now.expiredClaims()) {
        if (issue != null && c.issue() != issue) continue;
        out().println(Verb.describe(c) + "  (expired)");
        shown++;
      }
      if (shown == 0) out().println(issue == null ? "no claims" : "#" + issue + " is not claimed");
      return ExitCodes.OK;
    }
  }
}
