package dev.timmyloop.cli;

import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.Logging;
import dev.timmyloop.worker.WorkerConfig;
import dev.timmyloop.worker.WorkerMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "worker",
    description = "Run the timmy-loop worker until stopped (SIGTERM drains it).")
final class WorkerCommand extends BaseCommand {
  @Mixin ConnectionMixin connection;

  @Option(
      names = "--test-server",
      description =
          "the frontend is the SDK test server (`timmy server --test-server`, or without a"
              + " Temporal CLI): turn sticky queues off (detected by itself; this forces it)")
  boolean testServer;

  @Override
  protected int run() {
    TimmyConfig config = connection.config();
    Logging.configure(config.logFormat());
    WorkerMain.serve(WorkerConfig.of(config).withTestServer(testServer), out());
    return ExitCodes.OK;
  }
}
