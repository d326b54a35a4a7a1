package dev.timmyloop.cli.ops;

import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.state.StateFileActivities.ClaimOutcome;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.cli.CliFailure;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.support.Hosts;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ops assign ISSUE [PANE]}: what phase 4 does for one issue, now. */
@Command(name = "assign", description = "Claim ISSUE and start its IssueJob now.")
final class AssignCommand extends OpsAction {
  /** The claim's "cycle", so a claim taken by hand reads as such. */
  static final String OWNER = "timmy-ops-assign";

  @Parameters(index = "0", paramLabel = "ISSUE")
  long issue;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PANE", description = "default: first idle")
  String pane;

  @Override
  int run(TimmyConfig config) {
    GiteaActivities.Issue found = new GiteaClient(GiteaActivitiesImpl.optionsFrom(config)).getIssue(issue);
    if (found.pull()) throw new CliFailure("#" + issue + " is a pull request");
    if (!"open".equals(found.state())) throw new CliFailure("#" + issue + " is " + found.state());
    String target = pane == null ? idlePane(config) : WakeKimiCommand.target(config, pane);
    LoopSettings settings = new SettingsActivitiesImpl(config).settings();
    StateFileActivitiesImpl state = new StateFileActivitiesImpl(config);
    Holder owner = Hosts.holder(OWNER, target);
    ClaimOutcome claim = state.claim(new ClaimRequest(issue, owner, settings.claimTtlSeconds()));
    if (claim.status() == ClaimStatus.HELD_BY_OTHER) {
      throw new CliFailure("#" + issue + " is claimed by " + claim.claim().holder());
    }
    int cycle = state.readState().lastCycle();
    try (TemporalConnection temporal = connect(config)) {
      // As a worker would answer Settings.settings(): the job's host activities take the real
      // server's path only where one answers.
      LoopSettings jobSettings =
          new SettingsActivitiesImpl(config, () -> false, !temporal.isTestServer()).settings();
      IssueJob job =
          temporal
              .client()
              .newWorkflowStub(
                  IssueJob.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(IssueJob.workflowId(issue))
                      .setTaskQueue(config.taskQueue())
                      .setWorkflowIdReusePolicy(
                          WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                      .build());
      WorkflowClient.start(
          job::run, new IssueJobInput(cycle, issue, found.title(), owner, jobSettings, null));
    } catch (WorkflowExecutionAlreadyStarted e) {
      state.release(new Release(issue, owner));
      throw new CliFailure(IssueJob.workflowId(issue) + " is already running");
    } catch (RuntimeException e) {
      state.release(new Release(issue, owner));
      throw e;
    }
    out().println("started " + IssueJob.workflowId(issue) + ": #" + issue + " on " + target);
    return 0;
  }

  private static String idlePane(TimmyConfig config) {
    return new TmuxActivitiesImpl(config)
        .paneStatus().stream()
            .filter(p -> p.alive() && p.idle() && p.jobId().isEmpty())
            .map(PaneStatus::target)
            .findFirst()
            .orElseThrow(() -> new CliFailure("no idle pane; name one: ops assign ISSUE PANE"));
  }
}
