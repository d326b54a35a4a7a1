package dev.timmyloop.cli;

import io.temporal.testserver.TestServer.PortBoundTestServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", description = "Run Temporal's embedded test server until stopped.")
final class ServerCommand extends BaseCommand {
  @Option(names = "--port", defaultValue = "7233", description = "port (default: ${DEFAULT-VALUE})")
  int port;

  @Override
  protected int run() {
    PortBoundTestServer server = EmbeddedServer.start(port);
    out()
        .println(
            "timmy server listening on 127.0.0.1:"
                + port
                + " (embedded Temporal test server; no UI, no schedules — use docker-compose for"
                + " those)");
    out().flush();
    UntilStopped.await(server::close);
    return ExitCodes.OK;
  }
}
