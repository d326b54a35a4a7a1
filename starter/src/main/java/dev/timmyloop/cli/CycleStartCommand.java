package dev.timmyloop.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.support.WorkflowIds;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start", description = "Start TimmyCycle as timmy-cycle-<N>.")
final class CycleStartCommand extends BaseCommand {
  /** How many numbers to try when the automatic one is taken. */
  private static final int TRIES = 20;

  @Mixin ConnectionMixin connection;

  @Option(
      names = "--input",
      paramLabel = "JSON",
      description = "CycleInput, e.g. '{\"dryRun\": true}'")
  String input;

  @Option(
      names = "--id",
      paramLabel = "N",
      description = "cycle number (default: the input's cycle, else the next free one)")
  Integer id;

  @Option(names = "--wait", description = "wait for the result and print it as a table")
  boolean waitForResult;

  @Override
  protected int run() {
    CycleInput cycleInput = parse(input);
    TimmyConfig config = connection.config();
    Integer fixed = cycleInput.cycle() != null ? cycleInput.cycle() : id;
    try (TemporalConnection temporal = ConnectionMixin.connect(config)) {
      int n = fixed != null ? fixed : CycleNumbers.next(config);
      for (int attempt = 0; ; attempt++, n++) {
        // An automatic number never reuses a closed cycle's id; an explicit one may.
        WorkflowOptions options =
            options(n, config.taskQueue(), "./timmy cycle start")
                .setWorkflowIdReusePolicy(
                    fixed != null
                        ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
                        : WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
        TimmyCycle cycle = temporal.client().newWorkflowStub(TimmyCycle.class, options);
        WorkflowExecution execution;
        try {
          execution = WorkflowClient.start(cycle::run, cycleInput);
        } catch (WorkflowExecutionAlreadyStarted e) {
          if (fixed != null || attempt >= TRIES) {
            throw new CliFailure(
                WorkflowIds.cycle(n) + " already exists (run " + e.getExecution().getRunId() + ")");
          }
          continue;
        }
        out()
            .println(
                "started " + execution.getWorkflowId() + " (run " + execution.getRunId() + ")");
        out().flush();
        if (!waitForResult) return ExitCodes.OK;
        CycleResult result = WorkflowStub.fromTyped(cycle).getResult(CycleResult.class);
        CycleTable.lines(result).forEach(out()::println);
        return "ok".equals(result.outcome()) ? ExitCodes.OK : ExitCodes.FAILURE;
      }
    }
  }

  static CycleInput parse(String json) {
    if (json == null || json.isBlank()) return CycleInput.defaults();
    try {
      CycleInput parsed = new ObjectMapper().readValue(json, CycleInput.class);
      return parsed != null ? parsed : CycleInput.defaults();
    } catch (JsonProcessingException e) {
      throw new CliFailure("--input is not a CycleInput: " + e.getOriginalMessage());
    }
  }

  /**
   * timmy-cycle-N on the task queue, with a summary for the Web UI (its page and the list), as the
   * loop gives its own cycles one.
   */
  static WorkflowOptions.Builder options(int cycle, String taskQueue, String startedBy) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.cycle(cycle))
        .setTaskQueue(taskQueue)
        .setStaticSummary("Timmy cycle " + cycle + ", started by " + startedBy);
  }
}
