package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 5, with real git hooks in the sandbox clone: a pre-commit hook that rejects
 * trailing whitespace is satisfied by {@code formatCommand} without a second agent run; a pre-push
 * hook that refuses goes back to the agent with its output, one push per attempt.
 */
@Timeout(300)
class CommitHooksTest {
  @TempDir Path root;

  @Test
  void aHookRejectingWhitespaceIsFixedByTheFormatCommand_landedWithOneAgentRun() throws Exception {
    Path tools = Files.createDirectories(root.resolve("tools"));
    Path strip =
        Files.writeString(
            tools.resolve("strip_ws.py"),
            "import pathlib\n"
                + "for p in pathlib.Path('.').rglob('*.py'):\n"
                + "    text = p.read_text()\n"
                + "    p.write_text(''.join(l.rstrip() + '\\n' for l in text.splitlines()))\n");
    try (ScenarioWorld w =
        ScenarioWorld.create(
            root, Duration.ZERO, Map.of("TIMMY_FORMAT_COMMAND", "python3 " + strip))) {
      hooks(
          w,
          "pre-commit",
          "#!/bin/sh\nout=$(git diff --cached --check) || {\n"
              + "  echo 'trailing whitespace; run the formatter:'; echo \"$out\"; exit 1; }\n");
      long n = w.demo.issues().get(0);
      String file = addTrailingWhitespace(w.demo.fixesDir().resolve("issue-" + n));

      IssueJobResult result = w.issueJob(n).run(w.claimAndPrepare(n));

      assertEquals(Outcome.LANDED, result.outcome(), result.toString());
      assertEquals(1, result.agentRuns(), "the formatter fixed it, not a second agent run");
      ScenarioWorld.run(w.config.repoPath(), "git", "fetch", "-q", "origin");
      String onMain = ScenarioWorld.run(w.config.repoPath(), "git", "show", "origin/main:" + file);
      assertFalse(
          onMain.lines().anyMatch(l -> l.endsWith(" ")), "whitespace gone on main:\n" + onMain);
      assertTrue(onMain.contains("def "), onMain);
    }
  }

  @Test
  void aPushThePrePushHookRefusesGoesBackToTheAgentWithItsOutput() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      Path count = root.resolve("pre-push.count");
      hooks(
          w,
          "pre-push",
          "#!/bin/sh\necho run >> '"
              + count
              + "'\n"
              + "echo 'pre-push: refusing, the changelog has no entry' >&2\nexit 1\n");
      long n = w.demo.issues().get(0);

      IssueJobResult result = w.issueJob(n).run(w.claimAndPrepare(n));

      assertEquals(Outcome.GAVE_UP, result.outcome(), result.toString());
      String second = Files.readString(w.jobDir("issue-" + n + "-1-a2").resolve("prompt.txt"));
      assertTrue(second.contains("The push of your commit was refused"), second);
      assertTrue(
          second.contains("pre-push: refusing, the changelog has no entry"),
          "the hook's output: " + second);
      assertEquals(
          1,
          Files.readAllLines(count).size(),
          "pushed once in the attempt that committed, no blind retries");
      assertTrue(
          w.remoteBranches().stream().noneMatch(b -> b.startsWith("fix/" + n + "-")),
          "nothing pushed: " + w.remoteBranches());
    }
  }

  /** Points the clone (and so every worktree) at a hooks folder holding one hook. */
  private void hooks(ScenarioWorld w, String name, String script) throws Exception {
    Path dir = Files.createDirectories(root.resolve("hooks"));
    Path hook = Files.writeString(dir.resolve(name), script);
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    ScenarioWorld.run(w.config.repoPath(), "git", "config", "core.hooksPath", dir.toString());
  }

  /** Adds trailing spaces to every line of the recipe's first source file; returns its path. */
  private static String addTrailingWhitespace(Path recipe) throws Exception {
    List<Path> sources;
    try (Stream<Path> s = Files.walk(recipe)) {
      sources =
          s.filter(p -> p.toString().endsWith(".py") && p.startsWith(recipe.resolve("calc")))
              .sorted()
              .toList();
    }
    Path src = sources.get(0);
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(src))
      out.append(line).append(line.isEmpty() ? "" : "   ").append('\n');
    Files.writeString(src, out);
    return recipe.relativize(src).toString();
  }
}
