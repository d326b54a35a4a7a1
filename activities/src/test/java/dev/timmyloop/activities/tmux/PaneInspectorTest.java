package dev.timmyloop.activities.tmux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which shell command lines run a program (busy) and which hold a prompt (free when no job runs).
 */
class PaneInspectorTest {
  @Test
  void aShellWithAScriptOrDashCRunsAProgram() {
    Map<List<String>, Boolean> cases =
        Map.ofEntries(
            Map.entry(List.of("-bash"), false),
            Map.entry(List.of("/usr/bin/bash", "--noprofile", "--norc"), false),
            Map.entry(List.of("bash", "-i"), false),
            Map.entry(List.of("bash", "-l"), false),
            Map.entry(List.of("bash", "--rcfile", "/home/me/slow-rc", "-i"), false),
            Map.entry(List.of("zsh", "-o", "vi"), false),
            Map.entry(List.of("bash", "-c", "sleep 300"), true),
            Map.entry(List.of("bash", "-lc", "make"), true),
            Map.entry(
                List.of("/usr/bin/bash", "--noprofile", "--norc", "/s/jobs/issue-1-1-a1/run.sh"),
                true),
            Map.entry(List.of("sh", "--", "script.sh"), true),
            Map.entry(List.of("sh", "-"), false));
    cases.forEach(
        (argv, script) -> assertEquals(script, PaneInspector.runsScript(argv), argv.toString()));
  }
}
