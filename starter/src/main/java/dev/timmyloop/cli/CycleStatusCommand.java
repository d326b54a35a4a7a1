package dev.timmyloop.cli;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.support.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    description = "Show a cycle: its state, its current phase, or its result.")
final class CycleStatusCommand extends BaseCommand {
  @Mixin ConnectionMixin connection;

  @Parameters(paramLabel = "N", description = "the cycle number")
  int cycle;

  @Override
  protected int run() {
    TimmyConfig config = connection.config();
    String id = WorkflowIds.cycle(cycle);
    try (TemporalConnection temporal = ConnectionMixin.connect(config)) {
      WorkflowExecutionInfo info = describe(temporal, id);
      WorkflowExecutionStatus status = info.getStatus();
      out()
          .printf(
              "%s: %s (run %s, started %s)%n",
              id,
              status.name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
              info.getExecution().getRunId(),
              Instant.ofEpochSecond(info.getStartTime().getSeconds()));
      TimmyCycle stub = temporal.client().newWorkflowStub(TimmyCycle.class, id);
      if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        out().println("phase: " + currentPhase(stub));
        return ExitCodes.OK;
      }
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
        try {
          WorkflowStub.fromTyped(stub).getResult(CycleResult.class);
        } catch (WorkflowFailedException e) {
          out().println("failure: " + FailureHandler.classify(e).line());
        }
        return ExitCodes.FAILURE;
      }
      CycleResult result = WorkflowStub.fromTyped(stub).getResult(CycleResult.class);
      CycleTable.lines(result).forEach(out()::println);
      return ExitCodes.OK;
    }
  }

  static WorkflowExecutionInfo describe(TemporalConnection temporal, String id) {
    try {
      return temporal
          .stubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(temporal.namespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                  .build())
          .getWorkflowExecutionInfo();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new CliFailure(
            "no workflow %s in namespace %s on %s"
                .formatted(id, temporal.namespace(), temporal.address()));
      }
      throw e;
    }
  }

  private static String currentPhase(TimmyCycle stub) {
    return Queries.within(Duration.ofSeconds(5), stub::currentPhase)
        .map(phase -> phase.isEmpty() ? "(starting)" : phase)
        .orElse("unknown (no worker answered the query: is `./timmy worker` running?)");
  }
}
