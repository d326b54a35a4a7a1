package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.FaultMode;
import dev.timmyloop.sandbox.FaultMode.Fault;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "A faulty Gitea": a whole cycle while the forge answers a seeded share of requests with
 * 502 bursts, 429s, stalls past the 2 s client time-out, half bodies and dropped connections
 * (before and after doing the work). It still ends ok, and the forge shows each thing done exactly
 * once.
 */
class FaultyGiteaCycleTest {
  @TempDir java.nio.file.Path root;

  @Test
  void aCycleAgainstAFaultyForgeLandsEverythingExactlyOnce() throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      int mainBefore = ForgeCounts.mainCommits(demo);
      int issuesBefore = ForgeCounts.all(demo, "issues").size();
      int pullsBefore = ForgeCounts.all(demo, "pulls").size();
      FaultMode faults =
          new FaultMode(
              demo.baseUrl(), 4L, 0.15, EnumSet.allOf(Fault.class), 2, Duration.ofSeconds(3));
      CycleResult result;
      try (ScenarioWorld run = ScenarioWorld.on(demo, Map.of("TIMMY_GITEA_TIMEOUT", "2s"))) {
        demo.forge().setRequestFilter(faults);
        try {
          result = run.run(1);
        } finally {
          demo.forge().setRequestFilter(null);
        }
      }
      String seen = result + "\nfaults: " + faults.injected();
      assertTrue(faults.injected().size() >= 4, "most kinds of fault happened: " + seen);
      assertEquals("ok", result.outcome(), seen);
      assertEquals(demo.issues(), result.landed().stream().sorted().toList(), seen);
      assertTrue(result.prsFixed().containsAll(List.of(demo.stalePr(), demo.failingPr())), seen);

      List<JsonNode> issues = ForgeCounts.all(demo, "issues");
      for (long n : demo.issues()) {
        JsonNode issue =
            issues.stream().filter(i -> i.get("number").asLong() == n).findFirst().orElseThrow();
        assertEquals("closed", issue.get("state").asText(), "#" + n);
      }
      assertUnique(issues, "title", "issue titles");
      List<JsonNode> pulls = ForgeCounts.all(demo, "pulls");
      assertUnique(pulls, "title", "PR titles");
      Set<String> heads = new HashSet<>();
      for (JsonNode p : pulls)
        assertTrue(heads.add(p.get("head").get("ref").asText()), "one PR per branch");
      assertEquals(
          pullsBefore + demo.issues().size(), pulls.size(), "one new PR per issue: " + seen);
      assertEquals(issuesBefore + result.issuesFiled().size(), issues.size(), "no duplicate issue");
      for (JsonNode p : pulls)
        assertTrue(p.get("merged").asBoolean(), "merged: #" + p.get("number"));
      // one squash commit per issue, one per fixed PR, nothing merged twice
      assertEquals(mainBefore + demo.issues().size() + 2, ForgeCounts.mainCommits(demo), seen);
    }
  }

  private static void assertUnique(List<JsonNode> items, String field, String what) {
    Set<String> seen = new HashSet<>();
    for (JsonNode i : items)
      assertTrue(seen.add(i.get(field).asText()), "duplicate " + what + ": " + i.get(field));
  }
}
