package dev.timmyloop.workflows.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.state.StateFileActivities.Claim;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.RecordingActivities;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.phases.Dispatch.DispatchInput;
import dev.timmyloop.workflows.phases.Dispatch.DispatchReport;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch started on its own, as {@code ops assign} does: one issue, one pane, its own claims. */
@Timeout(60)
class OneIssueDispatchTest {
  static final String ID = "timmy-ops-assign";

  /** The jobs started, by their input; each runs until the test ends. */
  static final List<IssueJob.IssueJobInput> started = new CopyOnWriteArrayList<>();

  public static class WaitingJob implements IssueJob {
    @Override
    public IssueJobResult run(IssueJobInput input) {
      started.add(input);
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public void listenTo(String cycleWorkflowId) {}

    @Override
    public String step() {
      return "";
    }

    @Override
    public void landed(LandResult result) {}
  }

  @RegisterExtension
  static final TestWorkflowExtension env =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(DispatchImpl.class, WaitingJob.class)
          .setDoNotStart(true)
          .build();

  @TempDir Path root;
  private StateFileActivitiesImpl state;
  private WorkflowClient client;
  private Worker worker;

  @BeforeEach
  void setUp(TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    started.clear();
    state =
        new StateFileActivitiesImpl(
            ConfigLoader.load(
                Map.of(
                    "HOME", root.toString(),
                    "TIMMY_REPO_PATH", root.toString(),
                    "TIMMY_STATE_DIR", root.resolve("state").toString(),
                    "TIMMY_CORRESPONDENCE_FILE", root.resolve("correspondence.md").toString()),
                null));
    worker.registerActivitiesImplementations(state);
    testEnv.start();
    this.client = client;
    this.worker = worker;
  }

  private DispatchReport assign(long issue, String pane) {
    Dispatch dispatch =
        client.newWorkflowStub(
            Dispatch.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ID)
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return dispatch.dispatch(
        new DispatchInput(
            4,
            false,
            RecordingActivities.settings(),
            1,
            List.of(pane),
            List.of(new IssueRef(issue, "Fix it", List.of(), "")),
            null));
  }

  @Test
  void claimsInItsOwnNameAndStartsTheJobOnThePane() {
    DispatchReport report = assign(12, "Kimi:0.2");

    assertEquals(
        List.of(new Assignment("Kimi:0.2", 12, "Fix it", "timmy-issue-12")), report.assignments());
    List<Claim> claims = state.readState().liveClaims();
    assertEquals(1, claims.size(), claims.toString());
    assertEquals(new Holder("timmy-ops-assign", "", "Kimi:0.2"), claims.get(0).holder());
    assertEquals(1, started.size());
    assertEquals("Kimi:0.2", started.get(0).claim().pane());
    assertEquals(new Holder("timmy-ops-assign", "", "Kimi:0.2"), started.get(0).claim());
    assertEquals(4, started.get(0).cycle());
  }

  @Test
  void anIssueClaimedBySomeoneElseIsLeftAlone() {
    state.claim(new ClaimRequest(12, Holder.byHand("hermes"), 3600));

    DispatchReport report = assign(12, "Kimi:0.2");

    assertTrue(report.assignments().isEmpty(), report.toString());
    assertEquals(List.of("#12 is claimed by hermes"), report.skipped());
    assertTrue(started.isEmpty());
    assertEquals("hermes", state.readState().liveClaims().get(0).holder().toString());
  }
}
