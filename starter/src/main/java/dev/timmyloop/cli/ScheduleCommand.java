package dev.timmyloop.cli;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import io.grpc.Status;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "schedule",
    description = "A TimmyCycle every N minutes as a Temporal Schedule (needs the real server).",
    subcommands = {ScheduleCommand.Create.class, ScheduleCommand.Delete.class})
final class ScheduleCommand extends GroupCommand {
  static final String DEFAULT_ID = "timmy-every-15m";

  /** The embedded server has no schedules; it answers UNIMPLEMENTED. */
  static final String NEEDS_REAL_SERVER =
      "schedules need the real Temporal server (docker-compose, see deploy/README.md);"
          + " the embedded one has none — `./timmy loop start` needs no schedule";

  abstract static class ScheduleAction extends BaseCommand {
    @Mixin ConnectionMixin connection;

    @Option(
        names = "--id",
        paramLabel = "ID",
        description = "schedule id (default: " + DEFAULT_ID + ")")
    String id = DEFAULT_ID;

    void withSchedules(BiConsumer<TimmyConfig, ScheduleClient> action) {
      TimmyConfig config = connection.config();
      try (TemporalConnection temporal = ConnectionMixin.connect(config)) {
        ScheduleClient schedules =
            ScheduleClient.newInstance(
                temporal.stubs(),
                ScheduleClientOptions.newBuilder().setNamespace(config.namespace()).build());
        action.accept(config, schedules);
      } catch (RuntimeException e) {
        if (FailureHandler.grpcCode(e, Status.Code.UNIMPLEMENTED).isPresent())
          throw new CliFailure(NEEDS_REAL_SERVER, e);
        throw e;
      }
    }
  }

  @Command(
      name = "create",
      description = "Start a TimmyCycle every interval; overlapping runs are skipped.")
  static final class Create extends ScheduleAction {
    @Option(names = "--every", required = true, description = "interval, e.g. 15m")
    Duration every;

    @Override
    protected int run() {
      withSchedules(
          (config, schedules) -> {
            Schedule schedule =
                Schedule.newBuilder()
                    .setAction(
                        ScheduleActionStartWorkflow.newBuilder()
                            .setWorkflowType(TimmyCycle.class)
                            .setArguments(TimmyCycle.CycleInput.defaults())
                            .setOptions(
                                WorkflowOptions.newBuilder()
                                    // The server appends the action time; the cycle number comes
                                    // from the recorded state.
                                    .setWorkflowId("timmy-cycle-scheduled")
                                    .setTaskQueue(config.taskQueue())
                                    .build())
                            .build())
                    .setSpec(
                        ScheduleSpec.newBuilder()
                            .setIntervals(List.of(new ScheduleIntervalSpec(every)))
                            .build())
                    .setPolicy(
                        SchedulePolicy.newBuilder()
                            .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                            .build())
                    .build();
            try {
              schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
            } catch (ScheduleAlreadyRunningException e) {
              throw new CliFailure("schedule " + id + " exists; delete it first");
            }
          });
      out().println("created schedule " + id + ": TimmyCycle every " + every + ", overlap skip");
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Delete the schedule (running cycles go on).")
  static final class Delete extends ScheduleAction {
    @Override
    protected int run() {
      withSchedules((config, schedules) -> schedules.getHandle(id).delete());
      out().println("deleted schedule " + id);
      return ExitCodes.OK;
    }
  }
}
