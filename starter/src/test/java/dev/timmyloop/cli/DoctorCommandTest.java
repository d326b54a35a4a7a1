package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./timmy doctor} as its own process, with a PATH the test makes. */
class DoctorCommandTest {
  @TempDir Path dir;

  private TimmyChild.Exit doctor(String path, String... args) throws Exception {
    Map<String, String> env = TimmyChild.env(dir);
    env.put("PATH", path);
    env.put("TIMMY_AGENT", "claude");
    env.put("TIMMY_AGENT_SANDBOX", "none");
    env.put("TIMMY_REPO_PATH", dir.toString());
    env.put("ANTHROPIC_API_KEY", "k");
    String[] argv = new String[args.length + 1];
    argv[0] = "doctor";
    System.arraycopy(args, 0, argv, 1, args.length);
    return TimmyChild.run(dir, "doctor", env, Duration.ofSeconds(60), argv);
  }

  @Test
  void standInClaudeOnPathIsUsable() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path claude = bin.resolve("claude");
    Files.writeString(claude, "#!/bin/sh\necho '2.1.332 (Claude Code)'\n");
    Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
    TimmyChild.Exit e = doctor(bin.toString());
    assertEquals(0, e.code(), e.out() + e.err());
    assertTrue(e.out().contains("claude program: ok (" + claude + ")"), e.out());
    assertTrue(e.out().contains("claude version: ok (2.1.332 (Claude Code))"), e.out());
    assertTrue(e.out().contains("claude variables: ok (ANTHROPIC_API_KEY)"), e.out());
    assertTrue(!e.out().contains("=k"), "no value is printed");
  }

  @Test
  void emptyPathIsNotUsable() throws Exception {
    TimmyChild.Exit e = doctor("");
    assertEquals(1, e.code(), e.out() + e.err());
    assertTrue(
        e.out().contains("claude program: problem: claude is not on the PATH the panes get"
            + " (install: npm install -g @anthropic-ai/claude-code@2.1.332)"),
        e.out());
    assertTrue(e.out().contains("claude cannot run here"), e.out());
  }

  @Test
  void unknownAgentIsBadInput() throws Exception {
    TimmyChild.Exit e = doctor("", "--agent", "gpt");
    assertEquals(2, e.code(), e.out() + e.err());
    assertTrue(e.err().contains("unknown agent 'gpt'"), e.err());
  }

  @Test
  void allChecksEveryProfile() throws Exception {
    TimmyChild.Exit e = doctor("", "--all");
    assertEquals(1, e.code(), e.out() + e.err());
    for (String name : new String[] {"kimi-cli", "kimi-code", "claude", "codex", "aider", "custom"}) {
      assertTrue(e.out().contains(name + " "), name + " in " + e.out());
    }
  }
}
