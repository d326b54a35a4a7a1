package dev.timmyloop.cli;

import dev.timmyloop.worker.world.DevServer;
import dev.timmyloop.worker.world.EmbeddedServer;
import dev.timmyloop.worker.world.TemporalCli;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "server",
    description =
        "Run Temporal until stopped: the real dev server (Web UI, SQLite) when a Temporal CLI is"
            + " found, else the SDK's test server.")
final class ServerCommand extends BaseCommand {
  @Option(
      names = "--port",
      defaultValue = "7233",
      description = "gRPC port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--ui-port", description = "Web UI port (default: --port + 1000)")
  Integer uiPort;

  @Option(
      names = "--db",
      defaultValue = "${sys:user.home}/.timmy/temporal.db",
      description = "SQLite file of the dev server (default: ${DEFAULT-VALUE})")
  Path db;

  @Option(
      names = "--test-server",
      description = "run the SDK's test server (no UI, no schedules, nothing kept) even with a CLI")
  boolean testServer;

  @Override
  protected int run() {
    Optional<TemporalCli> cli = testServer ? Optional.empty() : TemporalCli.find(System.getenv());
    Runnable stop;
    if (cli.isPresent()) {
      DevServer server =
          DevServer.start(cli.get(), db, port, uiPort == null ? port + 1000 : uiPort, err());
      stop = server::close;
      out()
          .printf(
              "timmy server listening on %s, UI %s (Temporal dev server %s, database %s)%n",
              server.address(), server.uiUrl(), cli.get().serverVersion, db);
    } else {
      if (!testServer) err().println(TemporalCli.missingLine());
      PortBoundTestServer server = EmbeddedServer.start(port);
      stop = server::close;
      out()
          .println(
              "timmy server listening on 127.0.0.1:"
                  + port
                  + " (SDK test server; no UI, no schedules, nothing kept)");
    }
    out().flush();
    UntilStopped.await(stop);
    return ExitCodes.OK;
  }
}
