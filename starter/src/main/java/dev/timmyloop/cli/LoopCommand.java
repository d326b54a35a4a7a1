package dev.timmyloop.cli;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.workflows.loop.TimmyLoop;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopState;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "loop",
    description = "The endless loop, workflow id " + TimmyLoop.WORKFLOW_ID + ".",
    subcommands = {
      LoopCommand.Start.class,
      LoopCommand.Pause.class,
      LoopCommand.Resume.class,
      LoopCommand.Status.class
    })
public final class LoopCommand extends GroupCommand {

  /** Runs {@code action} against the running loop; a loop that is not running is one clear line. */
  abstract static class LoopAction extends BaseCommand {
    @Mixin ConnectionMixin connection;

    <T> T withLoop(BiFunction<TimmyConfig, TemporalConnection, T> action) {
      TimmyConfig config = connection.config();
      try (TemporalConnection temporal = ConnectionMixin.connect(config)) {
        return action.apply(config, temporal);
      } catch (WorkflowNotFoundException e) {
        throw new CliFailure(
            TimmyLoop.WORKFLOW_ID + " is not running; start it with `./timmy loop start`");
      }
    }

    void signal(Consumer<TimmyLoop> signal) {
      withLoop(
          (config, temporal) -> {
            signal.accept(loop(temporal));
            return null;
          });
    }

    static TimmyLoop loop(TemporalConnection temporal) {
      return temporal.client().newWorkflowStub(TimmyLoop.class, TimmyLoop.WORKFLOW_ID);
    }
  }

  @Command(name = "start", description = "Start the loop: a cycle, a pause, again.")
  static final class Start extends LoopAction {
    @Option(names = "--pause", description = "pause between cycles (default: loopPause)")
    Duration pause;

    @Option(
        names = "--max-cycles",
        paramLabel = "N",
        description = "stop after N cycles (default: never)")
    Integer maxCycles;

    @Override
    protected int run() {
      LoopState state = LoopState.fresh(pause == null ? null : pause.toSeconds(), maxCycles);
      WorkflowExecution started =
          withLoop(
              (config, temporal) -> {
                TimmyLoop loop =
                    temporal
                        .client()
                        .newWorkflowStub(
                            TimmyLoop.class,
                            WorkflowOptions.newBuilder()
                                .setWorkflowId(TimmyLoop.WORKFLOW_ID)
                                .setTaskQueue(config.taskQueue())
                                .build());
                try {
                  return WorkflowClient.start(loop::run, state);
                } catch (WorkflowExecutionAlreadyStarted e) {
                  throw new CliFailure(
                      "%s is already running (run %s)"
                          .formatted(TimmyLoop.WORKFLOW_ID, e.getExecution().getRunId()));
                }
              });
      out().println("started " + started.getWorkflowId() + " (run " + started.getRunId() + ")");
      return ExitCodes.OK;
    }
  }

  @Command(name = "pause", description = "Pause after the current cycle.")
  public static final class Pause extends LoopAction {
    @Parameters(arity = "0..1", paramLabel = "REASON", defaultValue = "paused by hand")
    String reason;

    @Override
    protected int run() {
      signal(loop -> loop.pause(reason));
      out().println(TimmyLoop.WORKFLOW_ID + ": pause requested (" + reason + ")");
      return ExitCodes.OK;
    }
  }

  @Command(name = "resume", description = "Resume a paused loop.")
  public static final class Resume extends LoopAction {
    @Override
    protected int run() {
      signal(TimmyLoop::resume);
      out().println(TimmyLoop.WORKFLOW_ID + ": resume requested");
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", description = "Show the loop's state.")
  static final class Status extends LoopAction {
    @Override
    protected int run() {
      LoopStatus s = withLoop((config, temporal) -> loop(temporal).status());
      if (s == null) throw new CliFailure(TimmyLoop.WORKFLOW_ID + " did not report a status");
      PrintWriter out = out();
      String state = s.paused() ? "paused (" + s.pausedReason() + ")" : "running";
      out.println(TimmyLoop.WORKFLOW_ID + ": " + state);
      out.println("current: " + (s.current() == null || s.current().isEmpty() ? "-" : s.current()));
      out.printf(
          "next cycle: %s, cycles run: %s, failures in a row: %s%n",
          s.nextCycle(), s.cyclesRun(), s.consecutiveFailures());
      boolean none = s.recent() == null || s.recent().isEmpty();
      out.println("recent: " + (none ? "-" : String.join(", ", s.recent())));
      return ExitCodes.OK;
    }
  }
}
