package dev.timmyloop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
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
    Files.writeString(
        claude,
        "#!/bin/sh\ncase \"$1\" in --version) echo '2.1.332 (Claude Code)';;"
            + " --help) echo '  -p, --print'; echo '  --permission-mode <mode>';; esac\n");
    Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
    // tmux and git from this machine; no tox and no Temporal CLI: warnings only.
    for (String tool : new String[] {"tmux", "git"}) {
      Path real =
          Stream.of("/usr/local/bin", "/usr/bin", "/bin")
              .map(d -> Path.of(d, tool))
              .filter(Files::isExecutable)
              .findFirst()
              .orElse(null);
      assumeTrue(real != null, tool + " is not installed here");
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    TimmyChild.Exit e = doctor(bin.toString());
    assertEquals(0, e.code(), e.out() + e.err());
    assertTrue(e.out().contains("claude program: ok (" + claude + ")"), e.out());
    assertTrue(e.out().contains("claude version: ok (2.1.332 (Claude Code))"), e.out());
    assertTrue(
        e.out().contains("claude flags: ok (-p --permission-mode in `claude --help`"), e.out());
    assertTrue(e.out().contains("host tmux: ok (tmux "), e.out());
    assertTrue(e.out().contains("host git: ok (git version "), e.out());
    assertTrue(e.out().contains("host tests: warning: tox (first word of testCommand"), e.out());
    assertTrue(e.out().contains("host temporal: warning: no Temporal CLI"), e.out());
    assertTrue(e.out().contains("claude variables: ok (ANTHROPIC_API_KEY)"), e.out());
    assertTrue(!e.out().contains("=k"), "no value is printed");
  }

  @Test
  void emptyPathIsNotUsable() throws Exception {
    TimmyChild.Exit e = doctor("");
    assertEquals(1, e.code(), e.out() + e.err());
    assertTrue(
        e.out()
            .contains(
                "claude program: problem: claude is not on the PATH the panes get"
                    + " (install: npm install -g @anthropic-ai/claude-code@2.1.332)"),
        e.out());
    assertTrue(e.out().contains("host tmux: problem: tmux is not on the worker's PATH"), e.out());
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
    for (String name :
        new String[] {"kimi-cli", "kimi-code", "claude", "codex", "aider", "custom"}) {
      assertTrue(e.out().contains(name + " "), name + " in " + e.out());
    }
  }
}
