package dev.timmyloop.cli.ops;

import dev.timmyloop.cli.CliFailure;
import dev.timmyloop.cli.ConnectionMixin;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.TemporalConnection;
import dev.timmyloop.workflows.loop.TimmyLoop;
import io.temporal.client.WorkflowNotFoundException;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ops pause} and {@code ops resume}: the old {@code .paused} file, as signals to the loop. */
final class LoopSignals {
  private LoopSignals() {}

  static void signal(TimmyConfig config, Consumer<TimmyLoop> send) {
    try (TemporalConnection temporal = ConnectionMixin.connect(config)) {
      send.accept(temporal.client().newWorkflowStub(TimmyLoop.class, TimmyLoop.WORKFLOW_ID));
    } catch (WorkflowNotFoundException e) {
      throw new CliFailure(
          "no loop runs (" + TimmyLoop.WORKFLOW_ID + " not found); start it with `./timmy loop start`");
    }
  }

  @Command(name = "pause", description = "Pause the loop after the current cycle.")
  static final class Pause extends OpsAction {
    @Parameters(arity = "0..1", paramLabel = "REASON", defaultValue = "paused by hand")
    String reason;

    @Override
    int run(TimmyConfig config) {
      signal(config, loop -> loop.pause(reason));
      out().println(TimmyLoop.WORKFLOW_ID + ": pause requested (" + reason + ")");
      return 0;
    }
  }

  @Command(name = "resume", description = "Resume a paused loop.")
  static final class Resume extends OpsAction {
    @Override
    int run(TimmyConfig config) {
      signal(config, TimmyLoop::resume);
      out().println(TimmyLoop.WORKFLOW_ID + ": resume requested");
      return 0;
    }
  }
}
