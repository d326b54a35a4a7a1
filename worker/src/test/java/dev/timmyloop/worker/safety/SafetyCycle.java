package dev.timmyloop.worker.safety;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.Quiesce;
import dev.timmyloop.worker.Registration;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A whole demo cycle on TestWorkflowEnvironment with every real activity (as DemoCycleTest). */
final class SafetyCycle implements AutoCloseable {
  final DemoScenario demo;
  final TimmyConfig config;
  final TestWorkflowEnvironment env;

  SafetyCycle(DemoScenario demo, Map<String, String> extraEnv) throws Exception {
    this.demo = demo;
    this.config = config(demo, extraEnv);
    this.env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(config.taskQueue());
    Registration.register(worker, config, env.getWorkflowClient());
    env.start();
  }

  CycleResult run(int n) {
    TimmyCycle cycle =
        env.getWorkflowClient()
            .newWorkflowStub(
                TimmyCycle.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("timmy-cycle-" + n)
                    .setTaskQueue(config.taskQueue())
                    .build());
    return cycle.run(new CycleInput(null, null, null, true, null));
  }

  /** Every execution of the run, open and closed. */
  List<WorkflowExecutionInfo> executions() {
    WorkflowClient client = env.getWorkflowClient();
    var stubs = client.getWorkflowServiceStubs().blockingStub();
    String ns = client.getOptions().getNamespace();
    List<WorkflowExecutionInfo> all =
        new ArrayList<>(
            stubs.listClosedWorkflowExecutions(
                    ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(ns)
                        .setMaximumPageSize(1000)
                        .build())
                .getExecutionsList());
    all.addAll(
        stubs.listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(ns)
                    .setMaximumPageSize(1000)
                    .build())
            .getExecutionsList());
    return all;
  }

  /**
   * The history as JSON and as protobuf text: in the JSON, payloads are base64, so a plain search
   * would miss what they carry; the protobuf text shows their bytes as (escaped) text.
   */
  String historyJson(WorkflowExecutionInfo info) {
    var history =
        env.getWorkflowClient()
            .fetchHistory(info.getExecution().getWorkflowId(), info.getExecution().getRunId());
    return history.toJson(true) + "\n" + history.getHistory();
  }

  /**
   * Before a test looks at the world's histories, logs or files: the worker stops (its running
   * tasks end first) and the agents' tmux server stops (its panes' processes end first). The test
   * server stays up, so the histories can still be read. The forge's CI: {@code stopCi}.
   */
  void quiesce() throws Exception {
    WorkerFactory workers = env.getWorkerFactory();
    workers.shutdown();
    workers.awaitTermination(60, TimeUnit.SECONDS);
    if (!workers.isTerminated()) {
      workers.shutdownNow();
      workers.awaitTermination(30, TimeUnit.SECONDS);
    }
    Quiesce.stopTmuxServer(config.tmuxSocket(), Duration.ofSeconds(30));
  }

  @Override
  public void close() throws Exception {
    env.close();
    Quiesce.stopTmuxServer(config.tmuxSocket(), Duration.ofSeconds(30));
  }

  static TimmyConfig config(DemoScenario demo, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(demo.env());
    env.put("HOME", demo.root().toString());
    env.put("TIMMY_PANES", "3");
    env.put("TIMMY_MAX_DISPATCH", "3");
    env.put("TIMMY_CI_TIMEOUT", "5m");
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_CYCLE_BUDGET", "10m");
    env.put(
        "TIMMY_TMUX_SOCKET",
        "timmy-safety-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
    env.put("TIMMY_METRICS_PORT", "0");
    env.putAll(extra);
    return ConfigLoader.load(env, Files.writeString(demo.root().resolve("timmy.json"), "{}"));
  }
}
