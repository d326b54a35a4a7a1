package dev.timmyloop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.timmyloop.cli.DemoChecks.Check;
import dev.timmyloop.worker.Logging;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.cycle.TimmyCycle.PhaseReport;
import dev.timmyloop.workflows.support.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description =
        "Run one whole cycle against a local forge and Temporal and check the outcome on the forge.")
final class DemoCommand extends BaseCommand {
  @Option(names = "--json", description = "print the phases and checks as JSON")
  boolean asJson;

  @Option(
      names = "--keep-running",
      description = "leave server, worker and forge up afterwards (Ctrl-C stops them)")
  boolean keepRunning;

  @Mixin AgentDelayOption agentDelay;

  @Option(
      names = "--agent",
      paramLabel = "PROFILE",
      description =
          "run this real agent CLI (claude, codex, kimi-cli, kimi-code), sandboxed, against a"
              + " scripted model instead of the stand-in")
  String agent;

  @Option(
      names = "--log-activities",
      description = "also log one line per activity start and end, as the worker does")
  boolean logActivities;

  @Option(
      names = "--test-server",
      description = "run on the SDK's test server even when a Temporal CLI is found")
  boolean testServer;

  @Option(
      names = "--timeout",
      defaultValue = "15m",
      description = "give up on the cycle after this long (default: ${DEFAULT-VALUE})")
  Duration timeout;

  record Report(
      int cycle,
      String outcome,
      List<PhaseReport> phases,
      List<Check> checks,
      String failure,
      boolean ok) {}

  @Override
  protected int run() throws Exception {
    Logging.activityLines(logActivities);
    DemoAgent real =
        agent == null ? null : DemoAgent.find(agent, System.getenv(), DemoAgent.AGENTS);
    DemoRun demo = new DemoRun(real);
    // Ctrl-C at any point still stops the agents' tmux server, the worker and the test server.
    Thread stop = new Thread(demo.world::close, "timmy-demo-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    boolean ok = false;
    try {
      demo.start(agentDelay.value, keepRunning, testServer, err());
      CycleResult result = null;
      String failure = null;
      try {
        result = runCycle(demo.worker.client(), demo.config.taskQueue(), err());
      } catch (WorkflowFailedException e) {
        failure = FailureHandler.classify(e).line();
      }
      List<Check> checks = new DemoChecks(demo.facts).run(result);
      ok = checks.stream().allMatch(Check::ok);
      print(
          new Report(
              1,
              result == null ? "failed" : result.outcome(),
              result == null ? List.of() : result.phases(),
              checks,
              failure,
              ok),
          result);
      if (keepRunning) {
        printAddresses(demo);
        UntilStopped.await(() -> {});
      }
      return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    } finally {
      if (!keepRunning) {
        removeHook(stop);
        demo.world.close();
        if (ok) demo.world.deleteFiles();
        else err().println("demo: files kept in " + demo.world.root);
      }
    }
  }

  static String json(Report report) throws Exception {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook does the closing.
    }
  }

  /**
   * Starts timmy-cycle-1 and waits, printing the phase whenever it changes so a person sees it
   * move.
   */
  private CycleResult runCycle(WorkflowClient client, String taskQueue, PrintWriter progress) {
    TimmyCycle cycle =
        client.newWorkflowStub(
            TimmyCycle.class, CycleStartCommand.options(1, taskQueue, "./timmy demo").build());
    WorkflowClient.start(cycle::run, new CycleInput(null, null, null, true, null));
    progress.println("demo: started " + WorkflowIds.cycle(1));
    WorkflowStub stub = WorkflowStub.fromTyped(cycle);
    long deadline = System.nanoTime() + timeout.toNanos();
    String shown = "";
    while (true) {
      try {
        return stub.getResult(1, TimeUnit.SECONDS, CycleResult.class);
      } catch (TimeoutException e) {
        // Not yet.
      } catch (WorkflowServiceException e) {
        // The real server may answer the long poll "Workflow is busy" while the cycle's state is
        // being written; the SDK's retry of it stops at our one-second deadline.
        if (!(e.getCause() instanceof StatusRuntimeException s)
            || s.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
          throw e;
        }
      }
      String phase = Queries.within(Duration.ofSeconds(5), cycle::currentPhase).orElse("");
      if (!phase.isEmpty() && !phase.equals(shown)) {
        progress.println("demo: " + phase + "…");
        progress.flush();
        shown = phase;
      }
      if (System.nanoTime() > deadline) {
        stub.terminate("demo timeout");
        throw new CliFailure(
            "demo: the cycle did not finish within " + timeout + " (last phase: " + shown + ")");
      }
    }
  }

  private void print(Report report, CycleResult result) throws Exception {
    PrintWriter out = out();
    if (asJson) {
      out.println(json(report));
      return;
    }
    if (result != null) CycleTable.lines(result).forEach(out::println);
    if (report.failure() != null) out.println(report.failure());
    out.println();
    for (Check c : report.checks()) {
      out.println(
          (c.ok() ? "  ok    " : "  FAIL  ") + c.name() + (c.ok() ? "" : ": " + c.detail()));
    }
    out.println(report.ok() ? "demo: OK" : "demo: FAILED");
    out.flush();
  }

  /** On stderr under --json, so stdout stays one JSON document. */
  private void printAddresses(DemoRun demo) {
    PrintWriter out = asJson ? err() : out();
    out.println("demo: still running (Ctrl-C stops everything)");
    out.printf(
        "temporal: %s (namespace default, task queue %s)%n",
        demo.world.address(), demo.config.taskQueue());
    demo.world.uiUrl(WorkflowIds.cycle(1)).ifPresent(url -> out.println("ui: " + url));
    out.println("forge: " + demo.facts.baseUrl());
    out.println("worker: " + demo.worker.readyLine());
    demo.timmyEnv().forEach((k, v) -> out.println(k + "=" + SandboxCommand.shellValue(v)));
    out.flush();
  }
}
