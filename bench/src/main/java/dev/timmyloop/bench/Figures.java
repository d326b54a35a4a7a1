package dev.timmyloop.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures: their keys (stable, for --json), names, units and targets. */
public final class Figures {
  private Figures() {}

  record Spec(String key, String name, String unit, Target target) {}

  /** A figure without a target (CPU per issue, …): it is reported, and always "met". */
  static final Target REPORTED = new Target(true, Double.MAX_VALUE, "reported");

  static final List<Spec> ALL =
      List.of(
          new Spec(
              "landed_per_hour",
              "Throughput: issues landed per hour (loop, N panes, A, T, C, R)",
              "/h",
              REPORTED),
          new Spec(
              "landed_per_hour_vs_ideal",
              "Throughput / ideal min(N/(A+T), R/C)",
              "",
              Target.atLeast(0.9, "")),
          new Spec(
              "landed_per_hour_whole_run",
              "Throughput over the whole run: fill and drain included (loop start → last merge)",
              "/h",
              REPORTED),
          new Spec(
              "agent_exit_to_merge_p50_s",
              "Agent exit → merge, median (limit T + C + 15 s)",
              " s",
              Target.atMost(46, " s")),
          new Spec(
              "agent_exit_to_merge_p95_s",
              "Agent exit → merge, p95 (limit T + 2C)",
              " s",
              Target.atMost(61, " s")),
          new Spec(
              "agent_exit_to_merge_limit_s",
              "Agent exit → merge: the limit T + C + 15 s",
              " s",
              REPORTED),
          new Spec(
              "pane_idle_gap_p50_s",
              "Agent exit → next agent running while issues wait, median",
              " s",
              Target.atMost(5, " s")),
          new Spec(
              "ci_runs_per_landed_issue",
              "CI runs on PR branches per landed issue",
              "",
              Target.atMost(1.2, "")),
          new Spec(
              "unsafe_baseline_ratio",
              "Cycle of 4 issues / a baseline that merges untested trees (reported only)",
              "",
              REPORTED),
          new Spec(
              "same_protocol_overhead_ratio",
              "Throughput run's wall time / a plain-Java script of the same protocol",
              "",
              Target.atMost(1.10, "")),
          new Spec(
              "completion_latency_p50_s",
              "Completion latency, median (agent exit → await returns; CI green → merge call)",
              " s",
              Target.atMost(0.5, " s")),
          new Spec(
              "completion_latency_max_s", "Completion latency, max", " s", Target.atMost(2, " s")),
          new Spec(
              "parallel_ratio",
              "Parallelism: 4 agent jobs of 10 s / one alone",
              "",
              Target.atMost(1.2, "")),
          new Spec(
              "scale_issues_landed",
              "Scale: issues landed of 32 on 32 panes",
              "",
              Target.atLeast(32, "")),
          new Spec(
              "scale_peak_heap_mb", "Scale: worker peak heap", " MB", Target.atMost(512, " MB")),
          new Spec("cpu_s_per_issue", "Scale: worker CPU per landed issue", " s", REPORTED),
          new Spec(
              "issue_job_events", "History: events per IssueJob (max)", "", Target.atMost(250, "")),
          new Spec(
              "cycle_events", "History: events per TimmyCycle (max)", "", Target.atMost(150, "")),
          new Spec(
              "loop_max_run_events",
              "History: TimmyLoop, largest run",
              "",
              Target.atMost(1000, "")),
          new Spec("replay_ms", "Replay of the largest history", " ms", Target.atMost(200, " ms")),
          new Spec("worker_start_s", "Worker start to first poll", " s", Target.atMost(3, " s")),
          new Spec("idle_rss_mb", "Worker idle resident memory", " MB", Target.atMost(300, " MB")),
          new Spec(
              "gitea_calls_per_cycle",
              "Gitea calls in phases 1–3 (limit 3 + P + pages(I))",
              "",
              Target.atMost(4, "")),
          new Spec(
              "waiting_cpu_core_per_pane",
              "Waiting (an agent of 120 s on each of 64 panes, then their PRs' CI): worker CPU cores per pane",
              "",
              Target.atMost(0.005, "")),
          new Spec(
              "gitea_requests_per_s_waiting", "Waiting: Gitea requests per second", "/s", REPORTED),
          new Spec(
              "temporal_requests_per_s_waiting",
              "Waiting: the worker's Temporal requests per second (long polls apart)",
              "/s",
              REPORTED),
          new Spec(
              "temporal_long_polls_per_s_waiting",
              "Waiting: the worker's Temporal long polls per second",
              "/s",
              REPORTED),
          new Spec(
              "activity_slots_min_free",
              "Waiting: fewest free activity slots (short activities never wait)",
              "",
              Target.atLeast(1, "")));

  static Spec spec(String key) {
    return ALL.stream()
        .filter(s -> s.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no figure " + key));
  }

  /** Figures in the table's order; a key without a value shows as not measured. */
  static List<Figure> table(
      Map<String, Double> values, Map<String, String> how, Map<String, Target> targets) {
    return ALL.stream()
        .map(
            s ->
                new Figure(
                    s.key(),
                    s.name(),
                    values.getOrDefault(s.key(), Double.NaN),
                    s.unit(),
                    targets.getOrDefault(s.key(), s.target()),
                    how.getOrDefault(s.key(), "")))
        .toList();
  }

  /**
   * The JSON object of {@code --json}: each figure's value under its key (null when not measured).
   */
  static Map<String, Object> values(List<Figure> figures) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Figure f : figures) out.put(f.key(), f.measured() ? round(f.value()) : null);
    return out;
  }

  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
