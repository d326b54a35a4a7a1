package dev.timmyloop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.bench.WaitingFigures.Sample;
import dev.timmyloop.bench.WaitingFigures.Window;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The waiting figures' arithmetic, in the style of {@link BenchPureTest}. */
class WaitingFiguresTest {

  @Test
  void windowsFromAgentLinesAndCiRuns() {
    // 3 panes: the third start at 5 s, the first exit at 40 s.
    Window agents =
        WaitingFigures.agents(3, List.of(5_000L, 1_000L, 2_000L), List.of(41_000L, 40_000L));
    assertEquals(new Window("agents", 5_000, 40_000), agents);
    assertTrue(
        WaitingFigures.agents(3, List.of(1_000L, 2_000L), List.of(9_000L)).empty(),
        "one never started");
    assertTrue(
        WaitingFigures.agents(2, List.of(1_000L, 50_000L), List.of(40_000L)).empty(),
        "an agent exited before the last started");
    // Whole-second starts: the window opens a second after the last; a run still going ends at
    // readAt.
    Window ci =
        WaitingFigures.ci(
            List.of(new long[] {60_000, 90_000}, new long[] {62_000, Long.MAX_VALUE}), 95_000);
    assertEquals(new Window("ci", 63_000, 90_000), ci);
    assertEquals(
        95_000, WaitingFigures.ci(List.of(new long[] {60_000, Long.MAX_VALUE}), 95_000).to());
    assertTrue(WaitingFigures.ci(List.of(), 95_000).empty());
  }

  @Test
  void figuresFromSamplesInTheWindows() {
    List<Sample> samples =
        List.of(
            new Sample(4_000, 10.0, 100, 5, 200),
            new Sample(6_000, 10.5, 110, 6, 190), // first in the agents' window
            new Sample(16_000, 11.5, 130, 8, 70),
            new Sample(26_000, 12.5, Double.NaN, Double.NaN, Double.NaN), // last; metrics not read
            new Sample(64_000, 13.0, 160, 11, 180), // first in the CI window
            new Sample(74_000, 13.4, 180, 12, Double.NaN), // last in it
            new Sample(95_000, 20.0, 300, 20, 0));
    List<Long> gitea =
        List.of(3_000L, 5_000L, 10_000L, 20_000L, 63_000L, 70_000L, 71_000L, 91_000L);
    var agents = WaitingFigures.part(new Window("agents", 5_000, 30_000), samples, gitea);
    var ci = WaitingFigures.part(new Window("ci", 63_000, 75_000), samples, gitea);
    assertEquals(20.0, agents.seconds(), 1e-9);
    assertEquals(2.0, agents.cpuS(), 1e-9);
    assertEquals(10.0, agents.metricSeconds(), 1e-9, "requests between the samples that read them");
    assertEquals(20.0, agents.requests(), 1e-9);
    assertEquals(3, agents.giteaRequests()); // 5, 10, 20 s
    assertEquals(25.0, agents.giteaSeconds(), 1e-9);
    assertEquals(70.0, agents.slotsMinFree());
    assertEquals(3, ci.giteaRequests());
    assertEquals(180.0, ci.slotsMinFree(), "NaN (not reported) is skipped");
    assertNull(WaitingFigures.part(new Window("x", 30_000, 60_000), samples, gitea), "no sample");
    assertNull(WaitingFigures.part(new Window("x", 60_000, 60_000), samples, gitea), "empty");
    // 4 panes over 30 s of samples: CPU 2.4 s; over 20 s of metrics 40 requests, 3 long polls;
    // Gitea 6 in 37 s.
    Map<String, Double> f = WaitingFigures.compute(4, List.of(agents, ci));
    assertEquals(2.4 / 30 / 4, f.get("waiting_cpu_core_per_pane"), 1e-9);
    assertEquals(2.0, f.get("temporal_requests_per_s_waiting"), 1e-9);
    assertEquals(3 / 20.0, f.get("temporal_long_polls_per_s_waiting"), 1e-9);
    assertEquals(6 / 37.0, f.get("gitea_requests_per_s_waiting"), 1e-9);
    assertEquals(70.0, f.get("activity_slots_min_free"));
    Map<String, Double> none = WaitingFigures.compute(4, List.of());
    assertTrue(none.values().stream().allMatch(v -> v.isNaN()), "nothing measured: " + none);
  }

  @Test
  void metricsTextSumsRequestsAndTakesTheFewestActivitySlots() {
    String text =
        """
        # HELP temporal_request_total
        # TYPE temporal_request_total counter
        temporal_request_total{namespace="default",operation="RespondActivityTaskCompleted",} 12.0
        temporal_request_total{namespace="default",operation="StartWorkflowExecution",} 3.0
        temporal_request_failure_total{operation="StartWorkflowExecution",} 1.0
        temporal_long_request_total{namespace="default",operation="PollActivityTaskQueue",} 40.0
        temporal_worker_task_slots_available{task_queue="timmy-loop",worker_type="ActivityWorker",} 195.0
        temporal_worker_task_slots_available{task_queue="timmy-loop@h",worker_type="ActivityWorker",} 190.0
        temporal_worker_task_slots_available{task_queue="timmy-loop",worker_type="WorkflowWorker",} 3.0
        """;
    var r = WorkerMetrics.parse(text);
    assertEquals(15.0, r.requests());
    assertEquals(40.0, r.longPolls());
    assertEquals(190.0, r.activitySlotsFree());
    assertTrue(
        Double.isNaN(WorkerMetrics.parse("temporal_request_total 1.0\n").activitySlotsFree()));
  }
}
