package dev.timmyloop.worker;

import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.workflows.support.ActivityProfiles;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A test-only workflow: proves the worker polls its queue and runs a registered activity. */
@WorkflowInterface
public interface ProbeWorkflow {
  @WorkflowMethod
  String probe();

  class Impl implements ProbeWorkflow {
    private final SettingsActivities settings =
        Workflow.newActivityStub(SettingsActivities.class, ActivityProfiles.STATE);

    @Override
    public String probe() {
      return settings.settings().repository();
    }
  }
}
