package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole cycle on the demo world with every real activity: git, tmux, the stand-in agent, the
 * tests, the sandbox forge and its CI. Then each recorded history is replayed, so nondeterminism
 * fails here.
 */
class DemoCycleTest {
  @TempDir Path root;

  @Test
  void aWholeCycleLandsTheThreeIssuesAndFixesBothPrs() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO);
        ScenarioWorld world = ScenarioWorld.on(demo, Map.of())) {
      TimmyConfig config = world.config;
      CycleResult result = world.run(1);

      assertEquals("ok", result.outcome(), result.toString());
      assertEquals(1, result.cycle());
      assertEquals(6, result.phases().size());
      assertEquals(demo.issues(), result.landed().stream().sorted().toList(), result.toString());
      assertTrue(
          result.prsFixed().containsAll(List.of(demo.stalePr(), demo.failingPr())),
          result.toString());

      GiteaClient forge = new GiteaClient(GiteaActivitiesImpl.optionsFrom(config));
      for (long issue : demo.issues())
        assertEquals("closed", forge.getIssue(issue).state(), "#" + issue);
      assertTrue(forge.isMerged(demo.stalePr()), "stale PR merged");
      assertTrue(forge.isMerged(demo.failingPr()), "failing PR merged");
      assertTrue(
          Files.readString(config.stateDir().resolve("state.json")).contains("\"cycle\" : 1")
              || Files.readString(config.stateDir().resolve("state.json")).contains("\"cycle\":1"));
      assertTrue(Files.readString(config.correspondenceFile()).contains("Cycle 1"));

      // the histories are read once the worker has stopped (its running tasks end first)
      world.quiesce();
      replayEverything(world);
    }
  }

  /**
   * Replays every workflow of the run with the current code (the merge queue is still open, idling)
   * and saves the histories under target/histories, from which RecordedHistoriesReplayTest's are
   * taken.
   */
  private void replayEverything(ScenarioWorld world) throws Exception {
    WorkflowClient client = world.env.getWorkflowClient();
    List<WorkflowExecutionInfo> all = world.executions();
    assertTrue(all.size() >= 12, "workflows: " + all.size());
    Path out = Files.createDirectories(Path.of("target", "histories"));
    for (WorkflowExecutionInfo info : all) {
      WorkflowExecutionHistory history =
          client.fetchHistory(info.getExecution().getWorkflowId(), info.getExecution().getRunId());
      Files.writeString(
          out.resolve(info.getExecution().getWorkflowId().replace('/', '_') + ".json"),
          history.toJson(true));
      WorkflowReplayer.replayWorkflowExecution(
          history,
          Registration.WORKFLOWS.get(0),
          Registration.WORKFLOWS
              .subList(1, Registration.WORKFLOWS.size())
              .toArray(new Class<?>[0]));
    }
  }
}
