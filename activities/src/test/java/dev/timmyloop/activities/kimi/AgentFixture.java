package dev.timmyloop.activities.kimi;

import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A private tmux server, a worktree folder and the stand-in agent, for the agent activities' tests. */
final class AgentFixture implements AutoCloseable {
  final Path root;
  final Path worktree;
  final Path out;
  final Path agent;
  final String socket = "timmy-test-" + UUID.randomUUID().toString().substring(0, 8);

  AgentFixture(Path root) throws IOException {
    this.root = root;
    this.worktree = Files.createDirectories(root.resolve("worktree"));
    this.out = root.resolve("agent-out");
    Path bin = Files.createDirectories(root.resolve("bin"));
    this.agent = bin.resolve("kimi");
    try (InputStream in = AgentFixture.class.getResourceAsStream("/agent/stand-in-kimi")) {
      Files.copy(in, agent, StandardCopyOption.REPLACE_EXISTING);
    }
    agent.toFile().setExecutable(true);
  }

  /** A configuration whose agent command runs the stand-in with {@code agentArgs}. */
  TimmyConfig config(String agentArgs) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", root.toString());
    env.put("TIMMY_TMUX_SOCKET", socket);
    env.put("TIMMY_PANES", "2");
    env.put("TIMMY_REPO_PATH", worktree.toString());
    env.put("TIMMY_STATE_DIR", root.resolve("state").toString());
    env.put(
        "TIMMY_AGENT_COMMAND",
        agent + " --out " + out + " " + agentArgs + " --print -p {prompt} -w {worktree}");
    return ConfigLoader.load(env, Files.writeString(root.resolve("timmy.json"), "{}"));
  }

  List<String> starts() throws IOException {
    Path log = out.resolve("starts.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  @Override
  public void close() throws Exception {
    new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor();
  }
}
