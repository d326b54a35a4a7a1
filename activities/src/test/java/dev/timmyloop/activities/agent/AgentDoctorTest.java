package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.agent.AgentCheckActivities.AgentCheck;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor against real programs: stand-in CLIs in a folder that is the whole PATH. */
class AgentDoctorTest {
  @TempDir Path root;

  private TimmyConfig config(String... pairs) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", root.toString());
    env.put("TIMMY_REPO_PATH", root.toString());
    env.put("TIMMY_AGENT_SANDBOX", "none");
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return ConfigLoader.load(env, Files.writeString(root.resolve("timmy.json"), "{}"));
  }

  private Path bin(String name, String body) throws Exception {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path p = bin.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void claudeOnPathWithItsKeyIsUsable() throws Exception {
    Path bin = bin("claude", "echo '2.1.332 (Claude Code)'");
    Map<String, String> worker =
        Map.of("PATH", bin.toString(), "HOME", root.toString(), "ANTHROPIC_API_KEY", "k");
    AgentCheck check =
        new AgentCheckActivitiesImpl(config("TIMMY_AGENT", "claude"), worker).check("");
    assertTrue(check.usable(), check.problems().toString());
    assertEquals("2.1.332 (Claude Code)", check.version());
    assertEquals(0, check.problems().size(), check.problems().toString());
  }

  @Test
  void emptyPathIsAProblemWithTheInstallHint() throws Exception {
    AgentDoctor.Report r = new AgentDoctor(config(), Map.of("PATH", "")).check("claude");
    assertFalse(r.usable());
    String program = r.lines().get(0).render("claude");
    assertTrue(program.startsWith("claude program: problem: claude is not on the PATH"), program);
    assertTrue(program.contains("npm install -g @anthropic-ai/claude-code@2.1.332"), program);
    // No model variable is a warning, not a problem.
    assertTrue(r.lines().stream().anyMatch(l -> l.check().equals("variables") && !l.ok() && !l.problem()));
  }

  @Test
  void kimiTombstoneIsRefused() throws Exception {
    Path bin = bin("kimi", "echo 'kimi, version 1.52.0'");
    AgentDoctor.Report r = new AgentDoctor(config(), Map.of("PATH", bin.toString())).check("");
    assertFalse(r.usable());
    assertTrue(r.toCheck().problems().get(0).contains("1.52.0 only prints a deprecation"), r.toString());
    assertTrue(r.toCheck().problems().get(0).contains("kimi-cli==1.51.0"), r.toString());
  }

  @Test
  void versionThatFailsOrHangsIsAProblem() throws Exception {
    Path bin = bin("codex", "echo broken >&2; exit 3");
    AgentDoctor.Report failed = new AgentDoctor(config(), Map.of("PATH", bin.toString())).check("codex");
    assertFalse(failed.usable());
    assertTrue(failed.lines().get(1).text().contains("exited 3: broken"), failed.toString());
  }

  @Test
  void customNeedsACommandAndRequiredBwrapMustExist() throws Exception {
    AgentDoctor doctor =
        new AgentDoctor(
            config("TIMMY_AGENT_SANDBOX", "bwrap"), Map.of("PATH", root.resolve("none").toString()));
    AgentDoctor.Report custom = doctor.check("custom");
    assertEquals("command", custom.lines().get(0).check());
    assertTrue(custom.lines().get(0).problem(), custom.toString());
    assertFalse(custom.usable());
    AgentDoctor.Report r = doctor.check("aider");
    assertTrue(
        r.lines().stream().anyMatch(l -> l.check().equals("sandbox") && l.problem()), r.toString());
    ApplicationFailure e =
        assertThrows(
            ApplicationFailure.class,
            () -> new AgentCheckActivitiesImpl(config(), Map.of()).check("gpt"));
    assertTrue(e.isNonRetryable());
  }
}
