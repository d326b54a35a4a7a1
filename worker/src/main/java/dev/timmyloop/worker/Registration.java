package dev.timmyloop.worker;

import dev.timmyloop.activities.BackgroundWaits;
import dev.timmyloop.activities.agent.AgentActivitiesImpl;
import dev.timmyloop.activities.agent.AgentCheckActivitiesImpl;
import dev.timmyloop.activities.git.GitActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.activities.temporal.TemporalActivitiesImpl;
import dev.timmyloop.activities.tests.TestActivitiesImpl;
import dev.timmyloop.activities.tmux.Tmux;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.workflows.cycle.TimmyCycleImpl;
import dev.timmyloop.workflows.issue.IssueJobImpl;
import dev.timmyloop.workflows.loop.TimmyLoopImpl;
import dev.timmyloop.workflows.merge.MergeQueueImpl;
import dev.timmyloop.workflows.phases.AssessImpl;
import dev.timmyloop.workflows.phases.AwaitLandingsImpl;
import dev.timmyloop.workflows.phases.DispatchImpl;
import dev.timmyloop.workflows.phases.FillQueueImpl;
import dev.timmyloop.workflows.phases.FixBrokenPrsImpl;
import dev.timmyloop.workflows.phases.ReflectImpl;
import dev.timmyloop.workflows.repair.PrRepairImpl;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.Hosts;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The one list of what a timmy-loop worker runs; the worker and the tests register the same. */
public final class Registration {
  private Registration() {}

  /**
   * Every workflow implementation: the cycle, its six phases, the jobs, the merge queue, the loop.
   */
  public static final List<Class<?>> WORKFLOWS =
      List.of(
          TimmyCycleImpl.class,
          FixBrokenPrsImpl.class,
          AssessImpl.class,
          FillQueueImpl.class,
          DispatchImpl.class,
          AwaitLandingsImpl.class,
          ReflectImpl.class,
          IssueJobImpl.class,
          PrRepairImpl.class,
          MergeQueueImpl.class,
          TimmyLoopImpl.class);

  /**
   * What touches this machine: git, the agent, tmux, the tests, the state files.
   *
   * @param workerEnv what agents take {@code PATH}, {@code HOME} and their variables from
   */
  public static List<Object> hostActivities(
      TimmyConfig config, Map<String, String> workerEnv, BackgroundWaits jobs) {
    return List.of(
        new GitActivitiesImpl(config),
        new AgentActivitiesImpl(config, Tmux.forConfig(config), workerEnv, jobs),
        new AgentCheckActivitiesImpl(config, workerEnv),
        new TmuxActivitiesImpl(config),
        new TestActivitiesImpl(config),
        new StateFileActivitiesImpl(config));
  }

  /** {@code timmy-loop@<host>}: the task queue of this host's activities when there are several. */
  public static String hostQueue(TimmyConfig config) {
    return Hosts.queue(config.taskQueue(), config.host());
  }

  /**
   * The workflows and the shared activities on {@code worker}, of the task queue; this machine's
   * activities on {@code host} (polling {@link #hostQueue}) when there are several hosts, else on
   * {@code worker} too ({@code host} null).
   *
   * @param searchAttributes asked at each {@code Settings.settings()}: the server knows the Timmy
   *     search attributes (the worker may find them later), so the workflows set them
   * @param realServer the worker talks to a real Temporal server, not the SDK's test server
   * @param workerEnv what agents take {@code PATH}, {@code HOME} and their variables from
   * @return the background waits of the activities registered, to close with the worker
   */
  public static List<BackgroundWaits> register(
      Worker worker,
      Worker host,
      TimmyConfig config,
      WorkflowClient client,
      BooleanSupplier searchAttributes,
      boolean realServer,
      Map<String, String> workerEnv) {
    worker.registerWorkflowImplementationTypes(WORKFLOWS.toArray(new Class<?>[0]));
    // What any worker of the task queue may run: Gitea, Temporal and the settings.
    BackgroundWaits ci = ciWaits(client);
    BackgroundWaits jobs = jobWaits(client);
    worker.registerActivitiesImplementations(
        new GiteaActivitiesImpl(config, ci),
        new SettingsActivitiesImpl(config, searchAttributes, realServer),
        new TemporalActivitiesImpl(client, config.taskQueue()));
    (host == null ? worker : host)
        .registerActivitiesImplementations(hostActivities(config, workerEnv, jobs).toArray());
    return List.of(ci, jobs);
  }

  /** Where this worker's CI waits go: one thread polls every sha a PR waits on. */
  public static BackgroundWaits ciWaits(WorkflowClient client) {
    return new BackgroundWaits(
        "ci",
        client.newActivityCompletionClient(),
        ActivityProfiles.GITEA_WAIT.getHeartbeatTimeout());
  }

  /** Where this host's agent job awaits go: one thread watches every running job. */
  public static BackgroundWaits jobWaits(WorkflowClient client) {
    return new BackgroundWaits(
        "agent-jobs",
        client.newActivityCompletionClient(),
        ActivityProfiles.AGENT_AWAIT.getHeartbeatTimeout());
  }
}
