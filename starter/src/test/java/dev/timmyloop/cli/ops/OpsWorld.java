package dev.timmyloop.cli.ops;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The demo world, a port-bound test server and a private tmux socket, for the ops tests. */
final class OpsWorld implements AutoCloseable {
  final DemoScenario demo;
  final PortBoundTestServer server;
  final TimmyConfig config;

  private OpsWorld(DemoScenario demo, PortBoundTestServer server, TimmyConfig config) {
    this.demo = demo;
    this.server = server;
    this.config = config;
  }

  static OpsWorld create(Path root) throws Exception {
    DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO);
    int port = freePort();
    PortBoundTestServer server = TestServer.createPortBoundServer(port);
    Map<String, String> env = new HashMap<>(demo.env());
    env.put("HOME", demo.root().toString());
    env.put("TIMMY_PANES", "3");
    env.put("TIMMY_TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_TMUX_SOCKET", "timmy-ops-" + ProcessHandle.current().pid() + "-" + port);
    env.put("TIMMY_METRICS_PORT", "0");
    TimmyConfig config =
        ConfigLoader.load(env, Files.writeString(demo.root().resolve("timmy.json"), "{}"));
    return new OpsWorld(demo, server, config);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      new ProcessBuilder("tmux", "-L", config.tmuxSocket(), "kill-server").start().waitFor();
      server.close();
    } finally {
      demo.close();
    }
  }
}
