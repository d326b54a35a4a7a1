package dev.timmyloop.activities.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.agent.AgentActivities.AnalysisRequest;
import dev.timmyloop.activities.agent.AgentActivities.AnalysisResult;
import dev.timmyloop.activities.agent.AgentActivities.Proposal;
import dev.timmyloop.activities.tmux.TmuxTestServer;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase 3's analysis: the stand-in agent prints canned output, run directly (no pane, no tmux
 * calls).
 */
class AgentAnalyzeTest {
  @TempDir Path root;

  private AgentActivitiesImpl kimi(String output, String knobs) throws Exception {
    TmuxTestServer paths = new TmuxTestServer(root);
    paths.close(); // only its config and stand-in helpers are used here
    Path canned = root.resolve("canned.txt");
    Files.writeString(canned, output);
    String command =
        paths.standIn()
            + " --cat "
            + canned
            + " --print -p {prompt} -w {worktree} --out "
            + root.resolve("got.txt")
            + " "
            + knobs;
    return new AgentActivitiesImpl(paths.config("A", command, Map.of()));
  }

  @Test
  void validProposalsAmongOtherLinesAreKept() throws Exception {
    String out =
        "[1/3] reading the repo\nthinking...\n"
            + "[{\"kind\":\"bug\",\"title\":\"Crash on empty queue\",\"body\":\"Steps: ...\"},\n"
            + " {\"kind\":\"soul-gap\",\"title\":\"Timmy forgets names\",\"body\":\"\"}]\n"
            + "TurnEnd()\n";
    String prompt = "analyze 'this' $(touch CANARY) \"now\"\n";
    AnalysisResult r = kimi(out, "").analyze(new AnalysisRequest("analysis-1", prompt, 30));

    assertEquals(
        List.of(
            new Proposal("bug", "Crash on empty queue", "Steps: ..."),
            new Proposal("soul-gap", "Timmy forgets names", "")),
        r.proposals());
    assertEquals(List.of(), r.dropped());
    assertEquals(prompt, Files.readString(root.resolve("got.txt")));
    assertTrue(Files.readString(Path.of(r.logPath())).contains("TurnEnd()"));
    assertFalse(Files.exists(root.resolve("repo").resolve("CANARY")));
  }

  @Test
  void malformedEntriesAreDroppedWithReasons() throws Exception {
    String out =
        "[{\"kind\":\"feature\",\"title\":\"Dark mode\",\"body\":\"please\"},"
            + "{\"kind\":\"wish\",\"title\":\"x\",\"body\":\"\"},"
            + "{\"kind\":\"bug\",\"title\":\"  \",\"body\":\"\"},"
            + "{\"kind\":\"bug\",\"title\":\"two\\nlines\",\"body\":\"\"},"
            + "{\"kind\":\"bug\",\"title\":\""
            + "t".repeat(201)
            + "\",\"body\":\"\"},"
            + "{\"kind\":\"bug\",\"title\":\"no body\"},"
            + "{\"kind\":\"bug\",\"title\":\"numeric body\",\"body\":42},"
            + "\"just a string\"]";
    AnalysisResult r = kimi(out, "").analyze(new AnalysisRequest("analysis-2", "p", 30));

    assertEquals(List.of(new Proposal("feature", "Dark mode", "please")), r.proposals());
    assertEquals(7, r.dropped().size(), r.dropped().toString());
    assertTrue(r.dropped().get(0).contains("wish"), r.dropped().get(0));
  }

  @Test
  void garbageOutputGivesNoProposals() throws Exception {
    AnalysisResult r =
        kimi("I could not decide. {\"kind\": [1, 2\n", "")
            .analyze(new AnalysisRequest("analysis-3", "p", 30));
    assertEquals(List.of(), r.proposals());
    assertEquals(1, r.dropped().size());
  }

  @Test
  void failedAgentWithoutProposalsIsRetryableFailure() throws Exception {
    AgentActivitiesImpl kimi = kimi("error: model unavailable\n", "--exit 2");
    ApplicationFailure e =
        assertThrows(
            ApplicationFailure.class,
            () -> kimi.analyze(new AnalysisRequest("analysis-4", "p", 30)));
    assertEquals("AgentFailed", e.getType());
    assertFalse(e.isNonRetryable());
  }

  @Test
  void analysisPastItsLimitIsStopped() throws Exception {
    AgentActivitiesImpl kimi = kimi("[]", "--delay 60");
    ApplicationFailure e =
        assertThrows(
            ApplicationFailure.class,
            () -> kimi.analyze(new AnalysisRequest("analysis-5", "p", 1)));
    assertEquals("AgentTimeout", e.getType());
  }
}
