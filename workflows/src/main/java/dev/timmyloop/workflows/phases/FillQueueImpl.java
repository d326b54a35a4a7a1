package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.agent.AgentActivities;
import dev.timmyloop.activities.agent.AgentActivities.AnalysisRequest;
import dev.timmyloop.activities.agent.AgentActivities.AnalysisResult;
import dev.timmyloop.activities.agent.AgentActivities.Proposal;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.NewIssue;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Phase 3: fill the queue from findings and the agent's analysis, deduplicated, within the cap. */
public class FillQueueImpl implements FillQueue {
  private static final Logger log = Workflow.getLogger(FillQueueImpl.class);

  @Override
  public FillReport fill(FillInput input) {
    return TimmyAttributes.failedPhase(() -> fillBody(input));
  }

  private FillReport fillBody(FillInput input) {
    int wanted =
        QueuePolicy.wanted(
            input.unclaimed(), input.idlePanes(), input.settings().maxFiledPerCycle());
    if (wanted == 0) {
      return new FillReport(
          List.of(),
          List.of(),
          List.of(),
          String.format(
              "queue is full enough (%d unclaimed, %d idle panes)",
              input.unclaimed(), input.idlePanes()),
          List.of());
    }
    List<Finding> candidates = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    if (QueuePolicy.select(candidates, input.openTitles(), wanted, skipped).size() < wanted) {
      skipped.clear();
      try {
        // The analysis runs on the home host, in its clone.
        AgentActivities agent =
            Stubs.home(input.settings())
                .stub(
                    AgentActivities.class,
                    ActivityProfiles.ANALYSIS,
                    "agent analysis for cycle " + input.cycle());
        String prompt =
            AnalysisPrompt.text(input.settings().repository(), wanted, input.openTitles());
        AnalysisResult analysis =
            agent.analyze(
                new AnalysisRequest(
                    "analysis-" + input.cycle(),
                    prompt + input.mainReport(),
                    input.settings().agentTimeoutSeconds(),
                    input.settings().baseBranch()));
        analysis.dropped().forEach(d -> log.warn("dropped a malformed proposal: {}", d));
        if (analysis.changed() != null && !analysis.changed().isEmpty()) {
          skipped.add("analysis changed files, proposals dropped: " + analysis.changed());
          findings.add(AnalysisPrompt.changedFinding(analysis.changed()));
        }
        for (Proposal p : analysis.proposals()) {
          candidates.add(
              new Finding(
                  p.kind(), p.title(), p.body(), "proposal:" + Phases.normalizeTitle(p.title())));
        }
      } catch (ActivityFailure e) {
        // The queue is filled from the findings alone this cycle; the failure stays visible in the
        // UI.
        skipped.add("analysis run failed: " + e.getCause().getMessage());
        Finding runtime = Findings.runtime(e, Workflow.getInfo().getWorkflowId());
        if (runtime != null) findings.add(runtime);
      }
    }
    List<Finding> chosen = QueuePolicy.select(candidates, input.openTitles(), wanted, skipped);
    List<Long> filed = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (Finding f : chosen) {
      String title = Phases.loopTitle(f.kind(), f.title());
      if (input.dryRun()) {
        skipped.add("dry run: would file " + title);
        continue;
      }
      Issue issue =
          Stubs.shared()
              .gitea("file a " + f.kind() + " issue")
              .createIssue(new NewIssue(title, f.body(), List.of("loop-generated", f.kind())));
      filed.add(issue.number());
      LoopMetrics.count(LoopMetrics.ISSUES_FILED, "kind", f.kind());
      titles.add(title);
    }
    String summary =
        String.format(
            "wanted %d, filed %d%s",
            wanted,
            filed.size(),
            filed.isEmpty() ? "" : " " + filed.stream().map(n -> "#" + n).toList());
    return new FillReport(filed, titles, skipped, summary, findings);
  }
}
