package dev.timmyloop.worker;

import dev.timmyloop.activities.git.GitActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.kimi.KimiActivitiesImpl;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.activities.temporal.TemporalActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.activities.tox.ToxActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.workflows.cycle.TimmyCycleImpl;
import dev.timmyloop.workflows.issue.IssueJobImpl;
import dev.timmyloop.workflows.loop.TimmyLoopImpl;
import dev.timmyloop.workflows.merge.MergeQueueImpl;
import dev.timmyloop.workflows.phases.AssessImpl;
import dev.timmyloop.workflows.phases.DispatchImpl;
import dev.timmyloop.workflows.phases.FillQueueImpl;
import dev.timmyloop.workflows.phases.FixBrokenPrsImpl;
import dev.timmyloop.workflows.phases.PollAndLandImpl;
import dev.timmyloop.workflows.phases.ReflectImpl;
import dev.timmyloop.workflows.repair.PrRepairImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import java.util.List;

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
          PollAndLandImpl.class,
          ReflectImpl.class,
          IssueJobImpl.class,
          PrRepairImpl.class,
          MergeQueueImpl.class,
          TimmyLoopImpl.class);

  /** Every activity implementation, built from one configuration. */
  public static List<Object> activities(TimmyConfig config, WorkflowClient client) {
    return List.of(
        new GitActivitiesImpl(config),
        new GiteaActivitiesImpl(config),
        new KimiActivitiesImpl(config),
        new TmuxActivitiesImpl(config),
        new ToxActivitiesImpl(config),
        new StateFileActivitiesImpl(config),
        new SettingsActivitiesImpl(config),
        new TemporalActivitiesImpl(client, config.taskQueue()));
  }

  public static void register(Worker worker, TimmyConfig config, WorkflowClient client) {
    worker.registerWorkflowImplementationTypes(WORKFLOWS.toArray(new Class<?>[0]));
    worker.registerActivitiesImplementations(activities(config, client).toArray());
  }
}
