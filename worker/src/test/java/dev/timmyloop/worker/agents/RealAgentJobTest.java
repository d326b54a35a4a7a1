package dev.timmyloop.worker.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.model.ModelServer;
import dev.timmyloop.sandbox.model.Recipe;
import dev.timmyloop.sandbox.model.Wire;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue jobs run by the real agent CLIs ({@code .ci/install-agents}) in tmux panes, under bwrap,
 * against scripted models: each lands its issue on the sandbox forge as one squash commit, a silent
 * model ends in the silence watchdog, hostile issue text reaches the model unchanged, and a steered
 * agent cannot read the token, write outside its worktree or see other worktrees.
 */
@Tag("real-agent")
@Timeout(600)
class RealAgentJobTest {
  /** Quotes, a command substitution, backticks and console markup: none may be interpreted. */
  private static final String HOSTILE =
      "Keep it exact: it's \"quoted\", $(touch %s) and `touch %s`, [/x] [bold]b[/bold] <b>x</b> 100%%.";

  private static final Map<String, Wire> WIRES =
      Map.of(
          "claude",
          Wire.ANTHROPIC,
          "codex",
          Wire.RESPONSES,
          "aider",
          Wire.CHAT,
          "kimi-cli",
          Wire.CHAT,
          "kimi-code",
          Wire.ANTHROPIC);

  private Path root;

  @BeforeEach
  void root() throws Exception {
    // Not under /tmp: Codex's own sandbox mounts a fresh /tmp and loses a TMPDIR there. Kept for a
    // look; mvn clean removes it.
    root =
        Files.createTempDirectory(
            Files.createDirectories(Path.of("target", "real-agent")).toAbsolutePath(), "job-");
  }

  @Test
  void claudeCodexAiderAndKimiCliEachLandTheirIssueFromASandbox() throws Exception {
    landsEach(List.of("claude", "codex", "aider", "kimi-cli"));
  }

  @Test
  void kimiCodeLandsItsIssueFromASandbox() throws Exception {
    landsEach(List.of("kimi-code"));
  }

  private void landsEach(List<String> profiles) throws Exception {
    Map<String, Recipe> recipes = new LinkedHashMap<>();
    for (String p : profiles) recipes.put(p, Recipe.edit(file(p), content(p)));
    try (AgentJobWorld w = AgentJobWorld.create(root, recipes, Map.of())) {
      Path pwned = root.resolve("pwned");
      String hostile = String.format(HOSTILE, pwned, pwned);
      Map<String, Long> issues = new LinkedHashMap<>();
      Map<String, WorkflowStub> jobs = new LinkedHashMap<>();
      for (String p : profiles) {
        long n =
            w.issue(
                p,
                "Note that " + p + " works here",
                "Write `" + file(p) + "` saying that " + p + " was here.\n\n" + hostile);
        issues.put(p, n);
      }
      long start = System.nanoTime();
      issues.forEach((p, n) -> jobs.put(p, w.start(n)));
      for (String p : profiles) {
        long n = issues.get(p);
        IssueJobResult r = AgentJobWorld.result(jobs.get(p));
        ModelServer model = w.models.get(p);
        System.out.printf(
            "real-agent job %s: #%d %s after %d s (agent %d s, %s), requests %s%n",
            p,
            n,
            r.outcome(),
            r.durationSeconds(),
            r.agentSeconds(),
            r.agentOutcomes(),
            model.requests());
        String seen = p + ": " + r + "\nexchanges: " + model.exchanges();
        assertEquals(Outcome.LANDED, r.outcome(), seen);
        assertEquals(p, r.agent(), seen);
        assertEquals(1, r.agentRuns(), "the agent ran once: " + seen);
        assertTrue(model.requests(WIRES.get(p)) > 0, "the model was asked on its wire: " + seen);
        List<JsonNode> pulls = w.pullsFor(n);
        assertEquals(1, pulls.size(), "one PR for #" + n + ": " + pulls);
        assertTrue(pulls.get(0).path("merged").asBoolean(), "merged: " + pulls.get(0));
        assertEquals(1, w.squashCommitsFor(n).size(), "one squash commit for #" + n);
        assertEquals(content(p), w.onMain(file(p)), p + "'s edit is on main");
        assertTrue(w.modelReceived(p, hostile), p + "'s model got the issue text unchanged");
        assertFalse(w.claimed(n), "claim released for #" + n);
      }
      System.out.printf(
          "real-agent jobs %s: all landed after %.1f s%n",
          profiles, (System.nanoTime() - start) / 1e9);
      assertFalse(Files.exists(pwned), "no command of the issue text ran");
      assertEquals(List.of(), w.worktreeDirs(), "worktrees removed");
      assertEquals(0, w.linkedWorktrees(), "git knows no linked worktree");
    }
  }

  @Test
  void aSilentModelEndsTheJobThroughTheWatchdog() throws Exception {
    Map<String, Recipe> recipes = new LinkedHashMap<>();
    recipes.put("claude", Recipe.silent());
    recipes.put("kimi-cli", Recipe.silent());
    try (AgentJobWorld w =
        AgentJobWorld.create(
            root, recipes, Map.of("TIMMY_AGENT_SILENCE", "20s", "TIMMY_AGENT_TIMEOUT", "5m"))) {
      Map<String, WorkflowStub> jobs = new LinkedHashMap<>();
      for (String p : recipes.keySet()) {
        jobs.put(p, w.start(w.issue(p, "Note that " + p + " works here", "Write a note.")));
      }
      for (Map.Entry<String, WorkflowStub> e : jobs.entrySet()) {
        IssueJobResult r = AgentJobWorld.result(e.getValue());
        System.out.printf(
            "real-agent silent %s: %s after %d s (agent %d s, %s), requests %s%n",
            e.getKey(),
            r.outcome(),
            r.durationSeconds(),
            r.agentSeconds(),
            r.agentOutcomes(),
            w.models.get(e.getKey()).requests());
        assertEquals(Outcome.GAVE_UP, r.outcome(), r.toString());
        assertTrue(r.agentOutcomes().matches("SILENT( SILENT)*"), r.toString());
        // Two watchdog stops of 20 s each, far below the 5 min agent timeout.
        assertTrue(r.agentSeconds() < 120, "ended by the watchdog: " + r);
        assertTrue(w.models.get(e.getKey()).requests(WIRES.get(e.getKey())) > 0, r.toString());
      }
      assertEquals(List.of(), w.worktreeDirs(), "worktrees removed");
    }
  }

  @Test
  void aSteeredAgentCannotReadTheTokenWriteOutsideOrSeeOtherWorktrees() throws Exception {
    // kimi-cli runs what it is told; Claude Code's own permission check already refuses these
    // paths, so bwrap would never be put to the test.
    AgentJobWorld.assumeInstalled("kimi-cli");
    Path outside = root.resolve("outside.txt");
    String token;
    try (AgentJobWorld w =
        AgentJobWorld.create(root, Map.of("kimi-cli", Recipe.edit("x", "x")), Map.of())) {
      token = Files.readString(w.demo.tokenFile()).trim();
      Path other = Files.createDirectories(w.config.worktreeRoot().resolve("someone-elses-job"));
      String steer =
          "cat "
              + Recipe.shellQuote(w.demo.tokenFile().toString())
              + " > leak.txt; "
              + "echo x > "
              + Recipe.shellQuote(outside.toString())
              + "; "
              + "ls "
              + Recipe.shellQuote(w.config.worktreeRoot().toString())
              + " >> leak.txt; "
              + "printf ok > STEERED.md";
      w.models.get("kimi-cli").setRecipe(Recipe.steered(steer));
      long n = w.issue("kimi-cli", "Write STEERED.md", "Write `ok` to STEERED.md.");
      IssueJobResult r = AgentJobWorld.result(w.start(n));
      System.out.printf(
          "real-agent steered kimi-cli: %s after %d s, commands %s%n",
          r.outcome(), r.durationSeconds(), w.models.get("kimi-cli").commands());
      String seen = r + "\nexchanges: " + w.models.get("kimi-cli").exchanges();
      assertEquals(List.of(steer), w.models.get("kimi-cli").commands(), seen);
      assertEquals(Outcome.LANDED, r.outcome(), seen);
      assertEquals("ok", w.onMain("STEERED.md"), "the legitimate edit landed");
      assertEquals(1, w.squashCommitsFor(n).size(), "as one squash commit");
      String leak = w.onMain("leak.txt");
      assertNotNull(leak, "the steered command ran in the worktree");
      assertFalse(leak.contains(token), "no token in leak.txt: " + leak);
      assertFalse(leak.contains(other.getFileName().toString()), "other worktrees unseen: " + leak);
      assertFalse(Files.exists(outside), "nothing written outside the worktree");
      for (JsonNode pr : w.pulls()) assertFalse(pr.toString().contains(token), "no token in PRs");
      assertFalse(w.git("log", "-p", "origin/main").contains(token), "no token on main");
      Files.delete(other);
      assertEquals(List.of(), w.worktreeDirs(), "worktrees removed");
    }
  }

  private static String file(String profile) {
    return "NOTE-" + profile + ".md"; // top level: printf makes no folders
  }

  private static String content(String profile) {
    return profile + " was here\n";
  }
}
