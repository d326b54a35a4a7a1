package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.Quiesce;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole cycle on the demo world with every real activity: git, tmux, the stand-in agent, the tests,
 * the sandbox forge and its CI. Then each recorded history is replayed, so nondeterminism fails here.
 */
class DemoCycleTest {
  @TempDir Path root;

  @Test
  void aWholeCycleLandsTheThreeIssuesAndFixesBothPrs() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      TimmyConfig config = config(demo);
      TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
      try {
        Worker worker = env.newWorker(config.taskQueue());
        Registration.register(worker, config, env.getWorkflowClient());
        env.start();
        TimmyCycle cycle =
            env.getWorkflowClient()
                .newWorkflowStub(
                    TimmyCycle.class,
                    WorkflowOptions.newBuilder().setWorkflowId("timmy-cycle-1").setTaskQueue(config.taskQueue()).build());
        CycleResult result = cycle.run(new CycleInput(null, null, null, true, null));

        assertEquals("ok", result.outcome(), result.toString());
        assertEquals(1, result.cycle());
        assertEquals(6, result.phases().size());
        assertEquals(demo.issues(), result.landed().stream().sorted().toList(), result.toString());
        assertTrue(result.prsFixed().containsAll(List.of(demo.stalePr(), demo.failingPr())), result.toString());

        GiteaClient forge = new GiteaClient(GiteaActivitiesImpl.optionsFrom(config));
        for (long issue : demo.issues()) assertEquals("closed", forge.getIssue(issue).state(), "#" + issue);
        assertTrue(forge.isMerged(demo.stalePr()), "stale PR merged");
        assertTrue(forge.isMerged(demo.failingPr()), "failing PR merged");
        assertTrue(Files.readString(config.stateDir().resolve("state.json")).contains("\"cycle\" : 1")
            || Files.readString(config.stateDir().resolve("state.json")).contains("\"cycle\":1"));
        assertTrue(Files.readString(config.correspondenceFile()).contains("Cycle 1"));

        // the histories are read once the worker has stopped (its running tasks end first)
        env.getWorkerFactory().shutdown();
        env.getWorkerFactory().awaitTermination(60, TimeUnit.SECONDS);
        replayEverything(env.getWorkflowClient());
      } finally {
        env.close();
        Quiesce.stopTmuxServer(config.tmuxSocket(), Duration.ofSeconds(30));
      }
    }
  }

  /**
   * Replays every workflow of the run with the current code (the merge queue is still open, idling)
   * and saves the histories under target/histories, from which RecordedHistoriesReplayTest's are taken.
   */
  private void replayEverything(WorkflowClient client) throws Exception {
    var stubs = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    List<WorkflowExecutionInfo> closed =
        new java.util.ArrayList<>(
            stubs.listClosedWorkflowExecutions(
                    ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).setMaximumPageSize(1000).build())
                .getExecutionsList());
    closed.addAll(
        stubs.listOpenWorkflowExecutions(
                io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(1000)
                    .build())
            .getExecutionsList());
    assertTrue(closed.size() >= 12, "workflows: " + closed.size());
    Path out = Files.createDirectories(Path.of("target", "histories"));
    for (WorkflowExecutionInfo info : closed) {
      WorkflowExecutionHistory history = client.fetchHistory(info.getExecution().getWorkflowId(), info.getExecution().getRunId());
      Files.writeString(out.resolve(info.getExecution().getWorkflowId().replace('/', '_') + ".json"), history.toJson(true));
      WorkflowReplayer.replayWorkflowExecution(history, Registration.WORKFLOWS.get(0), Registration.WORKFLOWS.subList(1, Registration.WORKFLOWS.size()).toArray(new Class<?>[0]));
    }
  }

  static TimmyConfig config(DemoScenario demo) throws Exception {
    Map<String, String> env = new HashMap<>(demo.env());
    env.put("HOME", demo.root().toString());
    env.put("TIMMY_PANES", "3");
    env.put("TIMMY_MAX_DISPATCH", "3");
    env.put("TIMMY_CI_TIMEOUT", "5m");
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_CYCLE_BUDGET", "10m");
    env.put("TIMMY_TMUX_SOCKET", "timmy-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
    env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
    env.put("TIMMY_METRICS_PORT", "0");
    return ConfigLoader.load(env, Files.writeString(demo.root().resolve("timmy.json"), "{}"));
  }
}
