package dev.timmyloop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  /** An environment with only HOME, so the machine's own TIMMY_* never leak into a test. */
  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return env;
  }

  private Path file(String json) throws IOException {
    return Files.writeString(dir.resolve("timmy.json"), json);
  }

  private TimmyConfig load(String json, String... env) throws IOException {
    return ConfigLoader.load(env(env), file(json));
  }

  @Test
  void envNamesAreUpperSnakeCase() {
    assertEquals("TIMMY_GITEA_URL", ConfigLoader.envName("giteaUrl"));
    assertEquals("TIMMY_TEMPORAL_ADDRESS", ConfigLoader.envName("temporalAddress"));
    assertEquals("TIMMY_PANES", ConfigLoader.envName("panes"));
    assertEquals("TIMMY_MAX_FILED_PER_CYCLE", ConfigLoader.envName("maxFiledPerCycle"));
  }

  @Test
  void defaultsAreTheOldLoops() throws IOException {
    TimmyConfig c = load("{}");
    assertEquals("localhost:7233", c.temporalAddress());
    assertEquals("timmy-loop", c.taskQueue());
    assertEquals(4, c.panes());
    assertEquals(List.of("Kimi:0.0", "Kimi:0.1", "Kimi:0.2", "Kimi:0.3"), c.paneTargets());
    assertEquals(Duration.ofMinutes(60), c.agentTimeout());
    assertEquals(List.of("main", "master"), c.protectedBranches());
  }

  @Test
  void oneHostUnlessHostsNamesSeveral() throws IOException {
    TimmyConfig one = load("{}", "TIMMY_HOST", "a");
    assertEquals(List.of("a"), one.hosts());
    assertEquals(Duration.ofMinutes(5), one.hostTimeout());
    TimmyConfig two =
        load("{}", "TIMMY_HOST", "b", "TIMMY_HOSTS", "a, b", "TIMMY_HOST_TIMEOUT", "5s");
    assertEquals(List.of("a", "b"), two.hosts());
    assertEquals(Duration.ofSeconds(5), two.hostTimeout());
    ConfigException bad =
        assertThrows(ConfigException.class, () -> load("{}", "TIMMY_HOSTS", "a,b@c"));
    assertTrue(bad.getMessage().contains("hosts"), bad.getMessage());
  }

  @Test
  void envWinsOverFileWhichWinsOverDefaults() throws IOException {
    TimmyConfig c =
        load(
            "{\"panes\": 2, \"maxDispatch\": 1, \"protectedPaths\": [\"a\", \"b/\"]}",
            "TIMMY_PANES",
            "3");
    assertEquals(3, c.panes());
    assertEquals(1, c.maxDispatch());
    assertEquals(List.of("a", "b/"), c.protectedPaths());
    assertEquals("rockachopa", c.giteaOwner());
  }

  @Test
  void configFileFromEnvironment() throws IOException {
    Path other = Files.writeString(dir.resolve("other.json"), "{\"giteaRepo\": \"x\"}");
    TimmyConfig c = ConfigLoader.load(env("TIMMY_CONFIG", other.toString()), null);
    assertEquals("x", c.giteaRepo());
  }

  @Test
  void namedFileMustExist() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> ConfigLoader.load(env(), dir.resolve("missing.json")));
    assertEquals("config", e.key());
  }

  @Test
  void badNumberNamesItsKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{}", "TIMMY_PANES", "abc"));
    assertEquals("panes", e.key());
    assertEquals("panes: 'abc' is not a whole number", e.getMessage());
  }

  @Test
  void numberOutOfRangeNamesItsKey() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{\"panes\": 0}"));
    assertEquals("panes", e.key());
  }

  @Test
  void mergeModeIsSerialByDefaultAndBadValuesNameTheirKey() throws IOException {
    TimmyConfig c = load("{}");
    assertEquals("serial", c.mergeMode());
    assertEquals(4, c.mergeParallelism());
    TimmyConfig s = load("{\"mergeMode\": \"Speculative\", \"mergeParallelism\": 2}");
    assertEquals("speculative", s.mergeMode());
    assertEquals(2, s.mergeParallelism());
    ConfigException mode =
        assertThrows(ConfigException.class, () -> load("{}", "TIMMY_MERGE_MODE", "rebase"));
    assertEquals("mergeMode", mode.key());
    ConfigException parallel =
        assertThrows(ConfigException.class, () -> load("{\"mergeParallelism\": 0}"));
    assertEquals("mergeParallelism", parallel.key());
  }

  @Test
  void unknownKeyInFileIsRejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{\"pains\": 3}"));
    assertEquals("pains", e.key());
    assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
  }

  @Test
  void badJsonIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> load("{\"panes\": "));
    assertEquals("config", e.key());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    assertEquals("config", assertThrows(ConfigException.class, () -> load("[1]")).key());
  }

  @Test
  void durationsInShortAndIsoForms() {
    assertEquals(Duration.ofSeconds(90), ConfigLoader.parseDuration("k", "90s"));
    assertEquals(Duration.ofMinutes(90), ConfigLoader.parseDuration("k", "1h30m"));
    assertEquals(Duration.ofMillis(500), ConfigLoader.parseDuration("k", "500ms"));
    assertEquals(Duration.ofDays(2), ConfigLoader.parseDuration("k", "2d"));
    assertEquals(Duration.ofMinutes(15), ConfigLoader.parseDuration("k", "PT15M"));
    for (String bad : new String[] {"", "15", "m", "15 minutes", "1h 30m", "PTx"}) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> ConfigLoader.parseDuration("ciTimeout", bad), bad);
      assertEquals("ciTimeout", e.key());
    }
  }

  @Test
  void badDurationFromEnvNamesItsKey() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load("{}", "TIMMY_CI_TIMEOUT", "soon"));
    assertEquals("ciTimeout", e.key());
  }

  @Test
  void tildeExpandsToHomeAndRelativePathsFollowTheRepo() throws IOException {
    TimmyConfig c = load("{\"repoPath\": \"~/code/repo\", \"worktreeRoot\": \"~\"}");
    assertEquals(dir.resolve("code/repo"), c.repoPath());
    assertEquals(dir, c.worktreeRoot());
    assertEquals(dir.resolve("code/repo/.loop"), c.stateDir());
    assertEquals(dir.resolve("code/repo/workspace/correspondence.md"), c.correspondenceFile());
    assertEquals(dir.resolve(".hermes/gitea_token"), c.giteaTokenFile());
  }

  @Test
  void agentIsAKnownProfileAndCustomNeedsACommand() throws IOException {
    assertEquals("kimi-cli", load("{}").agent());
    assertEquals("", load("{}").agentCommand());
    assertEquals("claude", load("{}", "TIMMY_AGENT", "Claude").agent());
    ConfigException unknown =
        assertThrows(ConfigException.class, () -> load("{}", "TIMMY_AGENT", "gpt"));
    assertEquals("agent", unknown.key());
    assertTrue(unknown.getMessage().contains("kimi-code"), unknown.getMessage());
    ConfigException custom =
        assertThrows(ConfigException.class, () -> load("{\"agent\": \"custom\"}"));
    assertEquals("agentCommand", custom.key());
    TimmyConfig c =
        load(
            "{\"agent\": \"custom\", \"agentEnv\": [\"MY_KEY\", \"MODEL=x\"]}",
            "TIMMY_AGENT_COMMAND",
            "my-agent --in {prompt_file}");
    assertEquals(List.of("MY_KEY", "MODEL=x"), c.agentEnv());
    assertEquals(
        "agentSandbox",
        assertThrows(ConfigException.class, () -> load("{}", "TIMMY_AGENT_SANDBOX", "docker"))
            .key());
    assertEquals(
        "agentCompletesOnEndLine",
        assertThrows(
                ConfigException.class, () -> load("{}", "TIMMY_AGENT_COMPLETES_ON_END_LINE", "yes"))
            .key());
  }

  @Test
  void giteaUrlMustBeHttp() {
    assertEquals(
        "giteaUrl",
        assertThrows(ConfigException.class, () -> load("{\"giteaUrl\": \"ftp://x\"}")).key());
  }

  @Test
  void logFormatIsTextOrJson() throws IOException {
    assertEquals("json", load("{}", "TIMMY_LOG_FORMAT", "JSON").logFormat());
    assertEquals(
        "logFormat",
        assertThrows(ConfigException.class, () -> load("{}", "TIMMY_LOG_FORMAT", "xml")).key());
  }
}
