package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.timmyloop.activities.agent.AgentSandbox;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.config.TimmyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The worker's start-up agent check with a usable stand-in claude and this machine's tools. */
class AgentStartupCheckTest {
  @TempDir Path dir;

  @Test
  void usableAgentLogsOneInfoLineAndNamesTheSandbox() throws Exception {
    String system = "/usr/local/bin:/usr/bin:/bin";
    for (String tool : new String[] {"tmux", "git", "tox"}) {
      assumeTrue(AgentSandbox.onPath(tool, system).isPresent(), tool + " is not installed here");
    }
    Map<String, String> env0 = Map.of("PATH", system);
    assumeTrue(AgentSandbox.probe(env0).isPresent(), "bwrap cannot run here");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path claude = bin.resolve("claude");
    Files.writeString(
        claude,
        "#!/bin/sh\ncase \"$1\" in --version) echo '2.1.332 (Claude Code)';;"
            + " --help) echo '  -p, --print'; echo '  --permission-mode <mode>';; esac\n");
    Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
    TimmyConfig config =
        ConfigLoader.load(
            Map.of(
                "HOME", dir.toString(), "TIMMY_REPO_PATH", dir.toString(), "TIMMY_AGENT", "claude"),
            Files.writeString(dir.resolve("timmy.json"), "{}"));
    Map<String, String> env =
        Map.of("PATH", bin + ":" + system, "HOME", dir.toString(), "ANTHROPIC_API_KEY", "k");

    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    Logger log = (Logger) LoggerFactory.getLogger(AgentStartupCheck.class);
    lines.start();
    log.addAppender(lines);
    String part;
    try {
      part = AgentStartupCheck.run(config, env);
    } finally {
      log.detachAppender(lines);
    }
    assertEquals("agent claude, sandbox bwrap", part);
    assertEquals(1, lines.list.size(), lines.list.toString());
    assertEquals(Level.INFO, lines.list.get(0).getLevel());
    assertEquals(
        "agent claude can run here (2.1.332 (Claude Code)), sandbox bwrap",
        lines.list.get(0).getFormattedMessage());
  }
}
