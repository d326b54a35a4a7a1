package dev.timmyloop.workflows.cycle;

import dev.timmyloop.activities.state.StateFileActivities.CycleRecord;
import dev.timmyloop.activities.state.StateFileActivities.PaneRecord;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.cycle.TimmyCycle.PhaseReport;
import dev.timmyloop.workflows.phases.Assess.Assessment;
import dev.timmyloop.workflows.phases.AwaitLandings.LandingsReport;
import dev.timmyloop.workflows.phases.Dispatch.DispatchReport;
import dev.timmyloop.workflows.phases.FillQueue.FillReport;
import dev.timmyloop.workflows.phases.FixBrokenPrs.FixReport;
import dev.timmyloop.workflows.phases.Phases.Assignment;
import dev.timmyloop.workflows.phases.Phases.IssueRef;
import dev.timmyloop.workflows.phases.Phases.JobEnd;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pure: the cycle's result, its record for {@code state.json} and its correspondence entry. */
final class CycleReport {
  private CycleReport() {}

  /** Issues filed in phase 3 join the ranking, after those already waiting. */
  static List<IssueRef> withFiled(List<IssueRef> ranked, FillReport filled) {
    if (filled == null || filled.filed().isEmpty()) return ranked;
    List<IssueRef> out = new ArrayList<>(ranked);
    for (int i = 0; i < filled.filed().size(); i++) {
      out.add(
          new IssueRef(
              filled.filed().get(i), filled.filedTitles().get(i), List.of("loop-generated"), ""));
    }
    return out;
  }

  static CycleResult result(
      int cycle,
      String outcome,
      List<PhaseReport> phases,
      FixReport fixed,
      Assessment assessed,
      FillReport filled,
      DispatchReport dispatched,
      LandingsReport awaited,
      List<String> failures,
      List<Long> findingsFiled) {
    List<Long> fixedPrs = new ArrayList<>();
    if (fixed != null) {
      fixed.rebased().forEach(n -> addOnce(fixedPrs, n));
      fixed.repaired().forEach(n -> addOnce(fixedPrs, n));
      fixed.merged().forEach(n -> addOnce(fixedPrs, n));
    }
    List<Long> issuesFiled = new ArrayList<>();
    if (assessed != null && assessed.filedBug() > 0) issuesFiled.add(assessed.filedBug());
    if (filled != null) issuesFiled.addAll(filled.filed());
    findingsFiled.forEach(n -> addOnce(issuesFiled, n));
    List<Long> sent =
        dispatched == null
            ? List.of()
            : dispatched.assignments().stream().map(Assignment::issue).toList();
    return new CycleResult(
        cycle,
        outcome,
        phases,
        fixedPrs,
        fixed == null ? List.of() : fixed.parked(),
        issuesFiled,
        sent,
        awaited == null ? List.of() : awaited.landed(),
        awaited == null ? List.of() : awaited.failed(),
        awaited == null ? List.of() : awaited.pending(),
        List.copyOf(failures),
        assessed == null
            ? 0
            : Math.max(0, withFiled(assessed.ranked(), filled).size() - sent.size()));
  }

  static CycleRecord record(
      CycleResult r,
      String workflowId,
      long startedMillis,
      long endedMillis,
      DispatchReport d,
      LandingsReport p) {
    List<PaneRecord> panes = new ArrayList<>();
    if (d != null) {
      for (Assignment a : d.assignments()) {
        JobEnd end =
            p == null
                ? null
                : p.jobs().stream().filter(j -> j.issue() == a.issue()).findFirst().orElse(null);
        panes.add(
            new PaneRecord(
                a.pane(),
                a.issue(),
                end == null ? 0 : end.durationSeconds(),
                end == null ? "pending" : end.outcome()));
      }
    }
    return new CycleRecord(
        r.cycle(),
        workflowId,
        Instant.ofEpochMilli(startedMillis).toString(),
        Instant.ofEpochMilli(endedMillis).toString(),
        r.outcome(),
        r.prsFixed(),
        r.prsParked(),
        r.issuesFiled(),
        r.dispatched(),
        r.landed(),
        r.failures(),
        panes,
        AgentTally.of(p == null ? List.of() : p.jobs()));
  }

  /** The entry appended to {@code workspace/correspondence.md}. */
  static String correspondence(CycleResult r, CycleRecord rec) {
    StringBuilder md = new StringBuilder();
    md.append(String.format("## Cycle %s — %s (%s)\n\n", r.cycle(), r.outcome(), rec.ended()));
    md.append("| phase | what happened | seconds |\n|---|---|---|\n");
    for (PhaseReport p : r.phases()) {
      String summary = p.summary().replace("|", "\\|").replace('\n', ' ');
      double seconds = p.durationMillis() / 1000.0;
      md.append(String.format("| %s %s | %s | %.1f |\n", p.phase(), p.name(), summary, seconds));
    }
    md.append(
        String.format(
            "\nPRs fixed: %s · parked: %s · issues filed: %s · dispatched: %s · landed: %s · failed:"
                + " %s\n",
            r.prsFixed(), r.prsParked(), r.issuesFiled(), r.dispatched(), r.landed(), r.failed()));
    for (PaneRecord pane : rec.panes()) {
      md.append(
          String.format(
              "- %s: #%s %s in %s s\n",
              pane.pane(), pane.issue(), pane.outcome(), pane.durationSeconds()));
    }
    if (!r.failures().isEmpty()) md.append("\nFailures: ").append(r.failures()).append('\n');
    return md.append('\n').toString();
  }

  private static void addOnce(List<Long> list, long n) {
    if (!list.contains(n)) list.add(n);
  }
}
