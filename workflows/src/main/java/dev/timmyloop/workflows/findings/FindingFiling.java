package dev.timmyloop.workflows.findings;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.FindingIssue;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The one place findings are filed (workflow code, run by the cycle): each signature once while its
 * issue is open, at most {@code cap} new issues per cycle, whether or not the queue is full.
 */
public final class FindingFiling {
  private static final Logger log = Workflow.getLogger(FindingFiling.class);
  /** Open PRs whose CI history is read per cycle, at most. */
  static final int MAX_PULLS = 20;

  private FindingFiling() {}

  /** Files {@code findings} in order until {@code cap} issues are new; returns their numbers. */
  public static List<Long> file(List<Finding> findings, int cap) {
    List<Long> filed = new ArrayList<>();
    for (Finding f : Findings.unique(findings)) {
      if (filed.size() >= cap) {
        log.info("finding over the cap of {} this cycle: {}", cap, f.signature());
        continue;
      }
      try {
        FindingIssue issue =
            Stubs.shared().gitea("file finding " + Findings.hash(f.signature())).fileFinding(Findings.toIssue(f));
        if (issue.filed()) {
          filed.add(issue.number());
          LoopMetrics.count(LoopMetrics.ISSUES_FILED, "kind", "finding");
        }
      } catch (ActivityFailure e) {
        // Filing is best effort: the cycle's own result must not depend on it.
        log.warn("could not file finding {}: {}", f.signature(), e.getMessage());
      }
    }
    return filed;
  }

  /** CI checks that flipped from failure to success on the head of an open PR. */
  public static List<Finding> ciFlips() {
    List<Finding> out = new ArrayList<>();
    try {
      GiteaActivities gitea = Stubs.shared().gitea("open PRs for CI history");
      for (PullRequest pr : gitea.openPulls().stream().limit(MAX_PULLS).toList()) {
        String sha = pr.headSha();
        if (sha == null || sha.isBlank()) continue;
        var history = Stubs.shared().gitea("CI history of PR #" + pr.number()).statusHistory(sha);
        out.addAll(Findings.ciFlips(sha, pr.number(), history));
      }
    } catch (ActivityFailure e) {
      log.warn("could not read CI histories: {}", e.getMessage());
    }
    return out;
  }
}
