package dev.timmyloop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.sandbox.RequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's arithmetic and rendering; the benchmark itself is run by hand (`./timmy bench`).
 */
class BenchPureTest {

  @Test
  void medianPercentileAndMax() {
    assertEquals(2.0, Stats.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertTrue(Double.isNaN(Stats.median(List.of())));
    assertEquals(9.0, Stats.percentile(List.of(1.0, 9.0, 5.0), 100));
    assertEquals(1.0, Stats.percentile(List.of(1.0, 9.0, 5.0), 10));
    assertEquals(9.0, Stats.max(List.of(1.0, 9.0, 5.0)));
  }

  @Test
  void pairsAlternateWhichSideGoesFirst() {
    assertEquals(List.of('A', 'B', 'B', 'A', 'A', 'B'), Stats.alternation(3));
    assertEquals(List.of(2.0, 0.5), Stats.ratios(List.of(4.0, 1.0), List.of(2.0, 2.0)));
  }

  @Test
  void targetsDecideMetAndMissed() {
    Figure ok = new Figure("overhead_ratio", "Overhead", 1.05, "", Target.atMost(1.10, ""), "");
    Figure missed = new Figure("overhead_ratio", "Overhead", 1.3, "", Target.atMost(1.10, ""), "");
    Figure absent =
        new Figure("replay_ms", "Replay", Double.NaN, " ms", Target.atMost(200, " ms"), "");
    Figure landed = new Figure("scale_issues_landed", "Scale", 31, "", Target.atLeast(32, ""), "");
    assertTrue(ok.met());
    assertEquals("MISSED", missed.verdict());
    assertEquals("not measured", absent.verdict());
    assertFalse(landed.met());
    assertEquals("1.1", Figure.format(1.10));
    assertEquals("0.443", Figure.format(0.4431));
    assertEquals("611", Figure.format(611.2));
  }

  @Test
  void tableHasTheFourteenKeysInOrderAndJsonCarriesThem() throws Exception {
    List<Figure> figures =
        Figures.table(Map.of("overhead_ratio", 1.234567, "idle_rss_mb", 240.0), Map.of(), Map.of());
    assertEquals(14, figures.size());
    assertEquals("overhead_ratio", figures.get(0).key());
    assertEquals("gitea_calls_per_cycle", figures.get(13).key());
    BenchReport report =
        new BenchReport(
            "2026-11-24T20:00:00Z",
            new Machine(2, "AMD EPYC", 24105, "abc1234", "OpenJDK 17"),
            3,
            false,
            figures,
            List.of("a note"),
            "",
            "test");
    JsonNode json = new ObjectMapper().readTree(report.json());
    assertEquals(1.235, json.path("overhead_ratio").asDouble());
    assertTrue(json.has("worker_start_s"));
    assertTrue(json.path("worker_start_s").isNull());
    assertFalse(json.at("/met/worker_start_s").asBoolean());
    assertEquals(2, json.at("/machine/cores").asInt());
    String md = report.markdown();
    assertTrue(md.contains("| `overhead_ratio` | 1.235 | ≤ 1.1 | **MISSED** |"), md);
    assertTrue(md.contains("2 cores, AMD EPYC, 24105 MB RAM"), md);
    assertTrue(md.contains("- a note"), md);
    assertTrue(report.textLines().get(figures.size() + 1).contains("not met"));
  }

  @Test
  void giteaCallsCountOnlyRequestsInsideTheWindow() {
    Instant t = Instant.ofEpochMilli(10_000);
    List<RequestRecord> log =
        List.of(
            new RequestRecord(t.minusMillis(500), "GET", "/a", "/a", 200, 1000),
            new RequestRecord(t.plusMillis(100), "GET", "/b", "/b", 200, 50_000),
            new RequestRecord(t.plusMillis(900), "GET", "/c", "/c", 200, 1000),
            new RequestRecord(t.plusMillis(2000), "GET", "/d", "/d", 200, 1000));
    assertEquals(2, GiteaCalls.count(log, 10_000, 11_000));
    assertEquals(4, GiteaCalls.limit(0, 4, 50));
    assertEquals(3 + 2 + 2, GiteaCalls.limit(2, 51, 50));
  }

  @Test
  void exitLogsMapToIssuesAndCiRuns(@TempDir Path dir) throws Exception {
    Path agent = dir.resolve("agent.log");
    Files.writeString(
        agent,
        "2000000000 /w/worktrees/fix-12-add-a-note\n"
            + "3000000000 /w/worktrees/fix-12-add-a-note\n"
            + "4000000000 /w/worktrees/loop-main-check-3\n");
    assertEquals(Map.of(12L, 3000L), Latencies.agentExits(agent));
    Path ci = dir.resolve("ci.log");
    Files.writeString(ci, "5000000000 /f/forge-state/ci/timmy+demo-17\n");
    assertEquals(Map.of(17L, 5000L), Latencies.ciExits(ci));
  }
}
