package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.cli.DemoChecks.Check;
import dev.timmyloop.cli.TimmyChild.Exit;
import dev.timmyloop.worker.world.CliFailure;
import dev.timmyloop.worker.world.TemporalCli;
import dev.timmyloop.workflows.cycle.TimmyCycle.PhaseReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  /** `timmy demo --json` is for scripts: the table rows and the checks, with stable field names. */
  @Test
  void jsonCarriesRowsAndChecks() throws Exception {
    DemoCommand.Report report =
        new DemoCommand.Report(
            1,
            "ok",
            List.of(new PhaseReport(4, "dispatch", "3 issues to 3 panes", 2100)),
            List.of(new Check("issue #1 closed", true, "state closed")),
            null,
            true);
    JsonNode json = new ObjectMapper().readTree(DemoCommand.json(report));
    assertEquals("dispatch", json.at("/phases/0/name").asText());
    assertEquals(2100, json.at("/phases/0/durationMillis").asLong());
    assertEquals("issue #1 closed", json.at("/checks/0/name").asText());
    assertEquals(true, json.at("/checks/0/ok").asBoolean());
    assertEquals(true, json.path("ok").asBoolean());
  }

  /**
   * The whole demo on the real dev server (found as the CLI is): the cycle lands everything, the
   * worker finds the search attributes and keeps sticky queues on.
   */
  @Tag("real-server")
  @Test
  void demoPassesOnTheRealServer(@TempDir Path dir) throws Exception {
    assumeTrue(TemporalCli.find(System.getenv()).isPresent(), "no Temporal CLI");
    Exit exit =
        TimmyChild.run(dir, "demo", TimmyChild.env(dir), Duration.ofMinutes(10), "demo", "--json");
    assertEquals(ExitCodes.OK, exit.code(), exit.out() + exit.err());
    JsonNode json = new ObjectMapper().readTree(exit.out());
    assertTrue(json.path("ok").asBoolean(), exit.out());
    assertEquals("ok", json.path("outcome").asText());
    assertTrue(exit.err().contains("demo: Temporal dev server "), exit.err());
    assertTrue(exit.err().contains("timmy worker ready"), exit.err());
    assertFalse(exit.err().contains("sticky queues off"), exit.err());
    assertFalse(exit.err().contains("search attributes not set"), exit.err());
  }

  /** A profile the demo does not know ends before anything starts, with one line. */
  @Test
  void anUnknownAgentExitsTwoWithOneLine(@TempDir Path dir) throws Exception {
    Exit exit =
        TimmyChild.run(
            dir, "demo-gpt", plainEnv(dir), Duration.ofMinutes(1), "demo", "--agent", "gpt");
    assertEquals(ExitCodes.CONFIG, exit.code(), exit.out() + exit.err());
    assertEquals(
        List.of("demo: unknown agent 'gpt' (known: kimi-cli, kimi-code, claude, codex, aider)"),
        exit.err().strip().lines().toList());
  }

  /** A CLI found neither in the agents folder nor on PATH: exit 2, naming how to install it. */
  @Test
  void aMissingCliExitsTwoNamingItsInstall(@TempDir Path dir) {
    CliFailure e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CliFailure.class, () -> DemoAgent.find("codex", Map.of("PATH", dir.toString()), dir));
    assertEquals(ExitCodes.CONFIG, e.exitCode());
    assertEquals(
        "demo: codex (agent codex) is not installed: npm install -g @openai/codex@0.171.0,"
            + " or run .ci/install-agents",
        e.getMessage());
  }

  /** The whole demo with Claude Code, sandboxed, against the scripted model: every check holds. */
  @Tag("real-agent")
  @Test
  void demoPassesWithClaude(@TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(DemoAgent.AGENTS.resolve("claude")),
        "claude is missing: run .ci/install-agents (as root)");
    Exit exit =
        TimmyChild.run(
            dir,
            "demo-claude",
            plainEnv(dir),
            Duration.ofMinutes(12),
            "demo",
            "--agent",
            "claude",
            "--test-server",
            "--json",
            "--agent-delay",
            "0s");
    assertEquals(ExitCodes.OK, exit.code(), exit.out() + exit.err());
    JsonNode json = new ObjectMapper().readTree(exit.out());
    assertTrue(json.path("ok").asBoolean(), exit.out());
    assertTrue(exit.err().contains("demo: agent claude (/opt/agents/bin/claude)"), exit.err());
  }

  /** Only what the child needs: none of the developer's variables. */
  private static Map<String, String> plainEnv(Path dir) {
    return Map.of(
        "PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", dir.toString(), "LANG", "C.UTF-8");
  }
}
