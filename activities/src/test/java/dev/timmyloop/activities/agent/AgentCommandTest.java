package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCommandTest {
  private static final String HOSTILE = "a'b \"c\" `d` $(e) ${f} \\g\n\nh; i | j & k";

  @Test
  void argvPutsThePromptInOneArgument() {
    AgentCommand c =
        new AgentCommand("kimi --print -p {prompt} -w {worktree} --file={prompt_file}");
    assertEquals(
        List.of("kimi", "--print", "-p", HOSTILE, "-w", "/w t", "--file=/j/prompt.txt"),
        c.argv(HOSTILE, "/j/prompt.txt", "/w t"));
    assertTrue(c.usesPrompt());
    assertFalse(new AgentCommand("kimi --prompt-file {prompt_file}").usesPrompt());
  }

  /** The script's words, run by a real bash, give the same argv as the direct run. */
  @Test
  void shellWordsExpandToTheSameArgv(@TempDir Path dir) throws Exception {
    AgentCommand c =
        new AgentCommand("pr'int 'x\" -p {prompt} -w {worktree} --file={prompt_file} $HOME");
    Path script = dir.resolve("t.sh");
    Files.writeString(
        script,
        "PROMPT="
            + AgentCommand.quote(HOSTILE)
            + "\nWORKTREE="
            + AgentCommand.quote("/w t'x")
            + "\nPROMPT_FILE=/j/p\nprintf '%s\\0' "
            + c.shellWords()
            + "\n");
    Process p = new ProcessBuilder("bash", script.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertEquals(
        c.argv(HOSTILE, "/j/p", "/w t'x"),
        Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1)));
  }
}
