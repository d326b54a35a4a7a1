package dev.timmyloop.cli.ops;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.cli.ConnectionMixin;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.phases.Dispatch;
import dev.timmyloop.workflows.phases.Dispatch.DispatchInput;
import dev.timmyloop.workflows.phases.Dispatch.DispatchReport;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ops assign ISSUE [PANE]}: phase 4 for one issue, now. It runs the loop's {@code Dispatch}
 * on its own, so the claim, the job's start and the release on failure are the loop's own.
 */
@Command(name = "assign", description = "Claim ISSUE and start its IssueJob now.")
final class AssignCommand extends OpsAction {
  /** The dispatch's workflow id, which is also the claim owner's "cycle" part. */
  static final String WORKFLOW_ID = "timmy-ops-assign";

  /** How long a worker may take to run the dispatch (it claims and starts; the job runs on). */
  static final Duration WAIT = Duration.ofSeconds(30);

  @Parameters(index = "0", paramLabel = "ISSUE")
  long issue;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PANE", description = "default: first idle")
  String pane;

  @Override
  int run(TimmyConfig config) throws Exception {
    GiteaActivities.Issue found =
        new GiteaClient(GiteaActivitiesImpl.optionsFrom(config)).getIssue(issue);
    if (found.pull()) throw new CliFailure("#" + issue + " is a pull request");
    if (!"open".equals(found.state())) throw new CliFailure("#" + issue + " is " + found.state());
    String target = pane == null ? idlePane(config) : WakeKimiCommand.target(config, pane);
    int cycle = new StateFileActivitiesImpl(config).readState().lastCycle();
    try (TemporalConnection temporal = ConnectionMixin.connect(config)) {
      // As a worker would answer Settings.settings(): the job's host activities take the real
      // server's path only where one answers.
      LoopSettings settings =
          new SettingsActivitiesImpl(config, () -> false, !temporal.isTestServer()).settings();
      IssueRef ref = new IssueRef(issue, found.title(), List.of(), "");
      DispatchInput input =
          new DispatchInput(cycle, false, settings, 1, List.of(target), List.of(ref), null);
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .setWorkflowId(WORKFLOW_ID)
              .setTaskQueue(config.taskQueue())
              .build();
      WorkflowStub dispatch =
          WorkflowStub.fromTyped(temporal.client().newWorkflowStub(Dispatch.class, options));
      DispatchReport report = run(dispatch, input, config);
      if (report.assignments().isEmpty()) {
        throw new CliFailure(
            report.skipped().isEmpty() ? report.summary() : report.skipped().get(0));
      }
    }
    out().println("started " + IssueJob.workflowId(issue) + ": #" + issue + " on " + target);
    return 0;
  }

  private static DispatchReport run(WorkflowStub dispatch, DispatchInput input, TimmyConfig config)
      throws Exception {
    try {
      dispatch.start(input);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new CliFailure(WORKFLOW_ID + " is running (another ops assign); try again");
    }
    try {
      return dispatch.getResult(WAIT.toSeconds(), TimeUnit.SECONDS, DispatchReport.class);
    } catch (TimeoutException e) {
      // Nobody ran it: stop it before a worker that comes later claims behind our back.
      dispatch.terminate("no worker ran it within " + WAIT.toSeconds() + " s");
      throw new CliFailure(
          "no worker ran the dispatch within %s s: is ./timmy worker running on task queue %s?"
              .formatted(WAIT.toSeconds(), config.taskQueue()));
    }
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
