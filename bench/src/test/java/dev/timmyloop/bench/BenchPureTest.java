package dev.timmyloop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.gitea.StatusWaiter;
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
  void throughputFiguresFromEventTimes() {
    // N = 2 panes, 4 issues, A = 10 s, T = 1 s, C = 5 s, R = 2: ideal = min(2/11, 2/5)/s.
    var shape = new ThroughputFigures.Shape(2, 4, 10, 1, 5, 2);
    assertEquals(3600 * 2 / 11.0, shape.idealPerHour(), 1e-9);
    var events =
        new ThroughputFigures.Events(
            List.of(0.0, 0.5, 12.0, 14.5),
            List.of(10.0, 10.5, 22.0, 24.5),
            Map.of(1L, 10.0, 2L, 10.5, 3L, 22.0, 4L, 24.5),
            Map.of(1L, 18.0, 2L, 20.5, 3L, 29.0, 4L, 36.0),
            5);
    Map<String, Double> f = ThroughputFigures.compute(shape, events);
    // Steady state: the panes are the bottleneck (2/11 < 2/5), so the 2 merges after the 2nd
    // (at 20.5) over the 15.5 s to the last; the whole run: 4 in 36 s.
    assertEquals(2 * 3600 / 15.5, f.get("landed_per_hour"), 1e-9);
    assertEquals((7200 / 15.5) / (3600 * 2 / 11.0), f.get("landed_per_hour_vs_ideal"), 1e-9);
    assertEquals(4 * 3600 / 36.0, f.get("landed_per_hour_whole_run"), 1e-9);
    // exit → merge: 8, 10, 7, 11.5 → median 9, p95 11.5
    assertEquals(9.0, f.get("agent_exit_to_merge_p50_s"), 1e-9);
    assertEquals(11.5, f.get("agent_exit_to_merge_p95_s"), 1e-9);
    assertEquals(21.0, f.get("agent_exit_to_merge_limit_s"), 1e-9);
    // starts 3 and 4 took the panes freed at 10 and 10.5: gaps 2 and 4 → median 3
    assertEquals(3.0, f.get("pane_idle_gap_p50_s"), 1e-9);
    assertEquals(1.25, f.get("ci_runs_per_landed_issue"), 1e-9);
    assertTrue(
        ThroughputFigures.compute(
                shape, new ThroughputFigures.Events(List.of(), List.of(), Map.of(), Map.of(), 0))
            .get("ci_runs_per_landed_issue")
            .isNaN(),
        "nothing landed: not measured");
  }

  @Test
  void sameProtocolRatioIsTheLoopsWallOverTheBaselines() {
    // 12 issues: the loop's last merge at 360 s (120/h), the baseline's at 300 s (144/h).
    assertEquals(1.2, SameProtocolBaseline.overheadRatio(120, 144), 1e-9);
    assertEquals(0.5, SameProtocolBaseline.overheadRatio(200, 100), 1e-9);
    assertTrue(Double.isNaN(SameProtocolBaseline.overheadRatio(0, 144)), "loop landed nothing");
    assertTrue(Double.isNaN(SameProtocolBaseline.overheadRatio(120, Double.NaN)));
    assertTrue(Figures.spec("same_protocol_overhead_ratio").target().met(1.10));
    assertFalse(Figures.spec("same_protocol_overhead_ratio").target().met(1.11));
    // The script polls CI at the activity's pace: a fifth of the time waited, within 0.1–15 s.
    assertEquals(100, StatusWaiter.pause(0));
    assertEquals(2000, StatusWaiter.pause(10_000));
    assertEquals(15_000, StatusWaiter.pause(600_000));
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
  void tableHasEveryKeyInOrderAndJsonCarriesThem() throws Exception {
    List<Figure> figures =
        Figures.table(
            Map.of(
                "landed_per_hour_vs_ideal", 0.801234, "idle_rss_mb", 240.0, "cpu_s_per_issue", 9.0),
            Map.of(),
            Map.of());
    assertEquals(28, figures.size());
    assertEquals("landed_per_hour", figures.get(0).key());
    assertEquals("unsafe_baseline_ratio", figures.get(8).key());
    assertEquals("same_protocol_overhead_ratio", figures.get(9).key());
    assertEquals("gitea_calls_per_cycle", figures.get(22).key());
    assertTrue(figures.get(15).met(), "cpu per issue is reported only: " + figures.get(15));
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
    assertEquals(0.801, json.path("landed_per_hour_vs_ideal").asDouble());
    assertTrue(json.has("worker_start_s"));
    assertTrue(json.path("worker_start_s").isNull());
    assertFalse(json.at("/met/worker_start_s").asBoolean());
    assertEquals(2, json.at("/machine/cores").asInt());
    String md = report.markdown();
    assertTrue(md.contains("| `landed_per_hour_vs_ideal` | 0.801 | ≥ 0.9 | **MISSED** |"), md);
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
