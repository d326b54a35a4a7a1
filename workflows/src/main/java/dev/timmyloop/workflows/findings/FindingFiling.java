package dev.timmyloop.workflows.findings;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.FindingIssue;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /**
   * Files the pending findings jobs handed to the home host's ledger first, then {@code findings},
   * within {@code cap}. A pending finding filed now, or already open, leaves the ledger; one the
   * cap defers stays for the next cycle. Only {@code cap} are read: the history stays small.
   */
  public static List<Long> fileWithLedger(LoopSettings settings, List<Finding> findings, int cap) {
    List<Finding> pending = new ArrayList<>();
    try {
      state(settings, "read pending findings")
          .pendingFindings(Math.max(cap, 0))
          .findings()
          .forEach(p -> pending.add(Findings.of(p)));
    } catch (ActivityFailure e) {
      log.warn("could not read pending findings: {}", e.getMessage());
    }
    List<Finding> all = new ArrayList<>(pending);
    all.addAll(findings);
    Set<String> done = new HashSet<>();
    List<Long> filed = file(all, cap, done);
    List<String> drop =
        pending.stream().map(Finding::signature).filter(done::contains).distinct().toList();
    if (drop.isEmpty()) return filed;
    try {
      state(settings, "drop " + drop.size() + " filed findings from the ledger")
          .dropPendingFindings(drop);
    } catch (ActivityFailure e) {
      // Left pending, the next cycle finds their issues open and drops them then.
      log.warn("could not drop filed findings from the ledger: {}", e.getMessage());
    }
    return filed;
  }

  private static StateFileActivities state(LoopSettings settings, String summary) {
    return Stubs.home(settings).state(summary);
  }

  /**
   * Files {@code findings} in order until {@code cap} issues are new; returns their numbers. {@code
   * done} gets each signature filed now or found open already.
   */
  private static List<Long> file(List<Finding> findings, int cap, Set<String> done) {
    List<Long> filed = new ArrayList<>();
    for (Finding f : Findings.unique(findings)) {
      if (filed.size() >= cap) {
        log.info("finding over the cap of {} this cycle: {}", cap, f.signature());
        continue;
      }
      try {
        FindingIssue issue =
            Stubs.shared()
                .gitea("file finding " + Findings.hash(f.signature()))
                .fileFinding(Findings.toIssue(f));
        done.add(f.signature());
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
