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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real agents follow the safety block ("Commit your changes to THIS branch only."): a stand-in that
 * commits its work in two commits still lands, as the loop's one commit, with one agent run.
 */
@Timeout(300)
class AgentCommitsItselfTest {
  @TempDir Path root;

  @Test
  void anAgentThatCommitsItselfLandsAsTheLoopsOneCommitWithOneRun() throws Exception {
    Path sandbox = root.resolve("sandbox"); // where DemoScenario puts the stand-in and its recipes
    Path wrapper =
        Files.writeString(
            Files.createDirectories(root.resolve("tools")).resolve("commits.sh"),
            "#!/bin/sh\nwt=\"$1\"; shift\n\"$@\" || exit $?\ncd \"$wt\" || exit 1\n"
                + "git add -A && git commit -q --no-verify -m 'agent: my change'"
                + " && git commit -q --no-verify --allow-empty -m 'agent: tidy up'\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    String command =
        wrapper
            + " {worktree} "
            + sandbox.resolve("bin/fake-kimi")
            + " --fixes "
            + sandbox.resolve("fixes")
            + " --delay 0.000 --log "
            + sandbox.resolve("state/fake-kimi.jsonl")
            + " --print -p {prompt} -w {worktree}";
    try (ScenarioWorld w =
        ScenarioWorld.create(root, Duration.ZERO, Map.of("TIMMY_AGENT_COMMAND", command))) {
      long n = w.demo.issues().get(0);

      IssueJobResult result = w.issueJob(n).run(w.claimAndPrepare(n));

      assertEquals(Outcome.LANDED, result.outcome(), result.toString());
      assertEquals(1, result.agentRuns(), "the agent's own commits were taken, not refused");
      ScenarioWorld.run(w.config.repoPath(), "git", "fetch", "-q", "origin");
      String log =
          ScenarioWorld.run(w.config.repoPath(), "git", "log", "--format=%s", "origin/main");
      assertFalse(
          log.contains("agent: my change") || log.contains("agent: tidy up"), "squashed:\n" + log);
      assertTrue(log.contains("(#" + n + ")"), "the loop's subject on main:\n" + log);
    }
  }
}
