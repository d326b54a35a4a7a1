package dev.timmyloop.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The throughput figures from what happened, in seconds since the loop started: pure, so the
 * arithmetic has a table test.
 */
final class ThroughputFigures {
  private ThroughputFigures() {}

  /**
   * The shape of the run: N panes, a queue of issues, agents of A s, tests of T s, a CI of C s with
   * R runners.
   */
  record Shape(int panes, int issues, double agentS, double testS, double ciS, int runners) {
    /** Landed per hour if nothing but the agents and the CI took time. */
    double idealPerHour() {
      return 3600 * Math.min(panes / (agentS + testS), runners / ciS);
    }

    double exitToMergeLimit() {
      return testS + ciS + 15;
    }

    double exitToMergeP95Limit() {
      return testS + 2 * ciS;
    }
  }

  /**
   * @param agentStarts every agent start
   * @param agentExits every agent exit
   * @param lastAgentExit per landed issue, its last agent's exit
   * @param merged per landed issue, when its PR merged
   * @param prCiRuns CI runs on PR branches (the base branch's own runs left out)
   */
  record Events(
      List<Double> agentStarts,
      List<Double> agentExits,
      Map<Long, Double> lastAgentExit,
      Map<Long, Double> merged,
      int prCiRuns) {}

  static Map<String, Double> compute(Shape s, Events e) {
    Map<String, Double> out = new LinkedHashMap<>();
    int landed = e.merged().size();
    double last = e.merged().values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double wholeRun = landed == 0 || last <= 0 ? 0 : landed * 3600 / last;
    double perHour = steadyPerHour(s, e.merged().values(), wholeRun);
    out.put("landed_per_hour", perHour);
    out.put("landed_per_hour_vs_ideal", perHour / s.idealPerHour());
    out.put("landed_per_hour_whole_run", wholeRun);
    List<Double> exitToMerge = new ArrayList<>();
    e.merged()
        .forEach(
            (issue, at) -> {
              Double exit = e.lastAgentExit().get(issue);
              if (exit != null) exitToMerge.add(at - exit);
            });
    out.put("agent_exit_to_merge_p50_s", Stats.median(exitToMerge));
    out.put("agent_exit_to_merge_p95_s", Stats.percentile(exitToMerge, 95));
    out.put("agent_exit_to_merge_limit_s", s.exitToMergeLimit());
    out.put("pane_idle_gap_p50_s", Stats.median(idleGaps(s.panes(), e)));
    out.put("ci_runs_per_landed_issue", landed == 0 ? Double.NaN : (double) e.prCiRuns() / landed);
    return out;
  }

  /**
   * The steady state's rate, which the ideal is: the merges after the first k, over the time from
   * the k-th merge to the last, where k is the bottleneck's parallelism (the panes, or the runners
   * when CI is the slower stage). Left out: the pipeline's fill up to the first k merges (the whole
   * run's rate counts it, and the drain after the last agent: {@code wholeRun}, the fallback when
   * too few landed).
   */
  static double steadyPerHour(Shape s, Collection<Double> merged, double wholeRun) {
    boolean panesLimit = s.panes() / (s.agentS() + s.testS()) <= s.runners() / s.ciS();
    int k = panesLimit ? s.panes() : s.runners();
    List<Double> at = merged.stream().sorted().toList();
    if (at.size() <= k || at.get(at.size() - 1) <= at.get(k - 1)) return wholeRun;
    return (at.size() - k) * 3600 / (at.get(at.size() - 1) - at.get(k - 1));
  }

  /**
   * Pane freed → next agent running: the first {@code panes} starts fill empty panes; each later
   * start took the pane of the earliest agent exit not yet followed by a start. A start is itself
   * proof that an issue waited.
   */
  static List<Double> idleGaps(int panes, Events e) {
    List<Double> starts = e.agentStarts().stream().sorted().toList();
    List<Double> exits = e.agentExits().stream().sorted().toList();
    List<Double> gaps = new ArrayList<>();
    int freed = 0;
    for (int i = panes; i < starts.size(); i++) {
      if (freed < exits.size() && exits.get(freed) <= starts.get(i)) {
        gaps.add(starts.get(i) - exits.get(freed++));
      }
    }
    return gaps;
  }
}
