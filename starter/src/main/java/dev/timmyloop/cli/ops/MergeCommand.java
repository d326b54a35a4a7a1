package dev.timmyloop.cli.ops;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.activities.temporal.TemporalActivities.LandingRequest;
import dev.timmyloop.activities.temporal.TemporalActivitiesImpl;
import dev.timmyloop.cli.ConnectionMixin;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.workflows.merge.MergeQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ops merge PR}: the loop's merge path, not a shortcut. The queue rebases, waits for CI on
 * the head it merges and squash-merges, like for a PR the loop landed itself.
 */
@Command(name = "merge", description = "Queue PR in the merge queue (rebase, CI, squash merge).")
final class MergeCommand extends OpsAction {
  @Parameters(paramLabel = "PR")
  long pull;

  @Override
  int run(TimmyConfig config) {
    GiteaActivities.PullRequest pr =
        new GiteaClient(GiteaActivitiesImpl.optionsFrom(config)).getPull(pull);
    if (pr.merged()) throw new CliFailure("PR #" + pull + " is already merged");
    if (!"open".equals(pr.state())) throw new CliFailure("PR #" + pull + " is " + pr.state());
    LoopSettings settings = new SettingsActivitiesImpl(config).settings();
    String queue = MergeQueue.workflowId(settings.repository());
    try (TemporalConnection temporal = ConnectionMixin.connect(config)) {
      // No requester: nobody waits for the answer; the queue's history shows it.
      new TemporalActivitiesImpl(temporal.client(), config.taskQueue())
          .requestLanding(
              new LandingRequest(
                  queue,
                  new LandTicket("", pull, "", pr.title(), "", settings.ciTimeoutSeconds())));
    }
    out().println("queued PR #" + pull + " in " + queue);
    out().println("watch it: ./timmy ops panel --watch, or the workflow " + queue + " in the UI");
    return 0;
  }
}
