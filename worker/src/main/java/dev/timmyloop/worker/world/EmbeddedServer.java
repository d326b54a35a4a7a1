package dev.timmyloop.worker.world;

import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Temporal's test server on a port, in this JVM. It runs in real time (no time skipping). It has no
 * UI, no schedules and no advanced visibility; {@link DevServer} runs the real server for those.
 */
public final class EmbeddedServer {
  private EmbeddedServer() {}

  public static PortBoundTestServer start(int port) {
    DevServer.requireFree(port, "--port");
    try {
      return TestServer.createPortBoundServer(port);
    } catch (RuntimeException e) {
      throw new CliFailure(
          "cannot start the test server on port " + port + " (in use?): " + e.getMessage(), e);
    }
  }

  /** A port free right now; the test server cannot tell which port 0 became. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
