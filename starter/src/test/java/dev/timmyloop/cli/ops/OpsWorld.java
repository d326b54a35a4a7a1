package dev.timmyloop.cli.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Locale;
import java.util.Map;

/** The demo world, a port-bound test server and a private tmux socket, for the ops tests. */
final class OpsWorld implements AutoCloseable {
  final DemoScenario demo;
  final PortBoundTestServer server;
  final TimmyConfig config;
  final Path configFile;

  private OpsWorld(
      DemoScenario demo, PortBoundTestServer server, TimmyConfig config, Path configFile) {
    this.demo = demo;
    this.server = server;
    this.config = config;
    this.configFile = configFile;
  }

  static OpsWorld create(Path root) throws Exception {
    // An agent that takes its time: a job started by a test holds its claim while the test looks.
    DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ofMinutes(10));
    int port = freePort();
    PortBoundTestServer server = TestServer.createPortBoundServer(port);
    Map<String, String> env = new HashMap<>(demo.env());
    env.put("TIMMY_PANES", "3");
    env.put("TIMMY_TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_TMUX_SOCKET", "timmy-ops-" + ProcessHandle.current().pid() + "-" + port);
    env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
    env.put("TIMMY_METRICS_PORT", "0");
    // The whole configuration in one file, so the commands under test read it with --config.
    ObjectNode json = new ObjectMapper().createObjectNode();
    env.forEach((k, v) -> json.put(camel(k), v));
    Path file = demo.root().resolve("timmy.json");
    Files.writeString(file, json.toPrettyString());
    TimmyConfig config = ConfigLoader.load(Map.of("HOME", demo.root().toString()), file);
    return new OpsWorld(demo, server, config, file);
  }

  /** {@code TIMMY_GITEA_URL} → {@code giteaUrl}. */
  private static String camel(String envName) {
    String[] words = envName.substring("TIMMY_".length()).toLowerCase(Locale.ROOT).split("_");
    StringBuilder key = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return key.toString();
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
