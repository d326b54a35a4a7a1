package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentEnvironmentTest {
  @TempDir Path dir;

  @Test
  void customPassAllDropsAVariableHoldingTheTokenItself() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "gitea-secret-123\n");
    Map<String, String> worker = new TreeMap<>();
    worker.put("PATH", "/usr/bin");
    worker.put("MY_FORGE_TOKEN", "gitea-secret-123");
    worker.put("AUTH_HEADER", "token gitea-secret-123");
    worker.put("TOKEN_PATH", token.toString());
    worker.put("HARMLESS", "fine");
    Map<String, String> env =
        AgentEnvironment.build(
            AgentProfiles.CUSTOM, List.of("SET_TOKEN=gitea-secret-123"), worker, dir, token);
    Map<String, String> expected = new TreeMap<>();
    expected.put("PATH", "/usr/bin");
    expected.put("HARMLESS", "fine");
    expected.put("TERM", "dumb");
    expected.put("TMPDIR", dir.toString());
    assertEquals(expected, env);
  }

  @Test
  void anEmptyOrMissingTokenFileDropsNothing() throws Exception {
    Map<String, String> worker = Map.of("HARMLESS", "fine");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertEquals(
        "fine",
        AgentEnvironment.build(AgentProfiles.CUSTOM, List.of(), worker, dir, empty)
            .get("HARMLESS"));
    assertEquals(
        "fine",
        AgentEnvironment.build(AgentProfiles.CUSTOM, List.of(), worker, dir, dir.resolve("none"))
            .get("HARMLESS"));
  }
}
