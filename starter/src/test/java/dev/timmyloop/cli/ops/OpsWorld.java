package dev.timmyloop.cli.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.world.World;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The demo {@link World} on the test server, without a worker, for the ops tests. */
final class OpsWorld implements AutoCloseable {
  final World world;
  final DemoScenario demo;
  final TimmyConfig config;
  final Path configFile;

  private OpsWorld(World world, TimmyConfig config, Path configFile) {
    this.world = world;
    this.demo = world.forge();
    this.config = config;
    this.configFile = configFile;
  }

  static OpsWorld create(Path root) throws Exception {
    World world = World.in(root);
    try {
      // An agent that takes its time: a job started by a test holds its claim while the test looks.
      world
          .temporal(Optional.empty(), new PrintWriter(Writer.nullWriter()))
          .forge(Duration.ofMinutes(10));
      Map<String, String> env = world.settings(0);
      String socket =
          "timmy-ops-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
      env.put("TIMMY_TMUX_SOCKET", socket);
      world.tmuxServer(socket);
      // The whole configuration in one file, so the commands under test read it with --config.
      ObjectNode json = new ObjectMapper().createObjectNode();
      env.forEach(
          (k, v) -> {
            if (k.startsWith("TIMMY_")) json.put(camel(k), v);
          });
      Path file = world.forge().root().resolve("timmy.json");
      Files.writeString(file, json.toPrettyString());
      TimmyConfig config = ConfigLoader.load(Map.of("HOME", world.forge().root().toString()), file);
      return new OpsWorld(world, config, file);
    } catch (Exception | Error e) {
      world.close();
      throw e;
    }
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

  @Override
  public void close() {
    world.close();
  }
}
