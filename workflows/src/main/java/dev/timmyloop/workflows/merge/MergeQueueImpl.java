package dev.timmyloop.workflows.merge;

import dev.timmyloop.activities.git.GitActivities.RefQuery;
import dev.timmyloop.activities.git.GitActivities.RefState;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;

/** Phase 5's merge step, one PR at a time per repository. */
public class MergeQueueImpl implements MergeQueue {
  private static final Logger log = Workflow.getLogger(MergeQueueImpl.class);
  /** An idle queue ends; the next request starts it again (signal-with-start). */
  private static final Duration IDLE_EXIT = Duration.ofMinutes(10);
  /**
   * Continue-as-new after this many landings keeps the history small: a landing with a rebase and a
   * second CI run is up to ~40 events, so a run stays under ~450 and replays quickly (bench).
   */
  private static final int LANDINGS_PER_RUN = 10;
  /** Rounds of rebase → CI → merge when the base moves under us. */
  private static final int ROUNDS = 3;

  private final Stubs shared = Stubs.shared();
  private final Deque<LandTicket> queue = new ArrayDeque<>();
  /** For the home host's clone. */
  private LoopSettings settings;

  @Override
  public void run(QueueState carried) {
    long landed = 0;
    if (carried != null) {
      queue.addAll(carried.pending());
      landed = carried.landedSoFar();
    }
    int thisRun = 0;
    settings = shared.stub(SettingsActivities.class, ActivityProfiles.STATE, "read settings").settings();
    while (true) {
      if (!Workflow.await(IDLE_EXIT, () -> !queue.isEmpty())) return;
      LandTicket ticket = queue.poll();
      Workflow.setCurrentDetails("landing PR #" + ticket.pull() + "; waiting: " + queue.size());
      LandResult result = land(ticket);
      String why = result.message() == null || result.message().isBlank() ? "" : " (" + result.message() + ")";
      log.info("PR #{} → {}{}", ticket.pull(), result.status(), why);
      answer(ticket, result);
      landed++;
      if (++thisRun >= LANDINGS_PER_RUN) {
        Workflow.continueAsNew(new QueueState(new ArrayList<>(queue), landed));
      }
    }
  }

  @Override
  public void enqueue(LandTicket ticket) {
    queue.add(ticket);
  }

  @Override
  public List<LandTicket> pending() {
    return List.copyOf(queue);
  }

  private LandResult land(LandTicket t) {
    boolean rebased = false;
    String sha = "";
    try {
      for (int round = 1; round <= ROUNDS; round++) {
        PullRequest pr = shared.gitea("read PR #" + t.pull()).getPull(t.pull());
        sha = pr.headSha();
        if (pr.merged()) return result(t, LandStatus.ALREADY_MERGED, pr, rebased, "already merged");
        if (!"open".equals(pr.state())) return result(t, LandStatus.CLOSED, pr, rebased, "closed");
        Stubs home = Stubs.home(settings);
        home.git("fetch").fetch();
        RefState head = home.git("behind of PR #" + t.pull()).refState(new RefQuery("origin/" + pr.headBranch(), "origin/" + pr.baseBranch()));
        if (head.behind() > 0) {
          Workflow.setCurrentDetails("rebasing PR #" + t.pull() + " onto " + pr.baseBranch());
          var update = shared.gitea("rebase PR #" + t.pull() + " onto " + pr.baseBranch()).updateBranch(t.pull());
          if (update.status() == UpdateStatus.CONFLICT) {
            return result(t, LandStatus.CONFLICT, pr, rebased, "rebase conflicts: " + update.message());
          }
          rebased = rebased || update.status() == UpdateStatus.UPDATED;
          pr = shared.gitea("read PR #" + t.pull()).getPull(t.pull());
          sha = pr.headSha();
        }
        Workflow.setCurrentDetails("waiting for CI on " + shortSha(sha) + " of PR #" + t.pull());
        long waitStart = Workflow.currentTimeMillis();
        CombinedStatus ci =
            shared.stub(GiteaActivities.class, ActivityProfiles.GITEA_WAIT,
                    "CI on " + shortSha(sha) + " of PR #" + t.pull())
                .awaitStatus(new AwaitStatus(sha, t.ciTimeoutSeconds()));
        LoopMetrics.time(LoopMetrics.CI_WAIT, Workflow.currentTimeMillis() - waitStart);
        if (ci.waiting()) return result(t, LandStatus.CI_TIMEOUT, pr, rebased, "CI did not finish");
        if (!ci.green()) return result(t, LandStatus.CI_FAILED, pr, rebased, failedContexts(ci));
        MergeOutcome merge =
            shared.gitea("merge PR #" + t.pull() + " (squash)").merge(new MergeRequest(t.pull(), sha, t.title(), t.message(), true));
        switch (merge.status()) {
          case MERGED, ALREADY_MERGED, AUTO_MERGE_SCHEDULED -> {
            PullRequest after = shared.gitea("read PR #" + t.pull()).getPull(t.pull());
            LoopMetrics.count(LoopMetrics.PRS_MERGED);
            return result(t, LandStatus.MERGED, after, rebased, merge.message());
          }
          case CONFLICT_OR_STALE_HEAD -> log.info("PR #{} moved while merging; again", t.pull());
          case NOT_READY -> Workflow.sleep(Duration.ofSeconds(5L * round));
        }
      }
      return new LandResult(t.pull(), LandStatus.NOT_READY, sha, "", rebased, "not mergeable after " + ROUNDS + " rounds");
    } catch (io.temporal.failure.ActivityFailure e) {
      // A non-retryable Gitea answer (auth, not found): the requester must hear about it, not hang.
      String why = e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : e.getMessage();
      // It is still an error nobody expected: the requester passes it on to be filed.
      return new LandResult(t.pull(), LandStatus.NOT_READY, sha, "", rebased, why,
          Findings.runtime(e, Workflow.getInfo().getWorkflowId()));
    }
  }

  private static LandResult result(LandTicket t, LandStatus s, PullRequest pr, boolean rebased, String why) {
    String mergeSha = pr.mergeCommitSha() == null ? "" : pr.mergeCommitSha();
    return new LandResult(t.pull(), s, pr.headSha(), mergeSha, rebased, why == null ? "" : why);
  }

  private static String failedContexts(CombinedStatus ci) {
    return "CI " + ci.state() + ": " + ci.statuses().stream()
        .filter(s -> !"success".equals(s.state()))
        .map(s -> s.context() + " " + s.state())
        .toList();
  }

  private static String shortSha(String sha) {
    return sha == null || sha.length() < 8 ? String.valueOf(sha) : sha.substring(0, 8);
  }

  private void answer(LandTicket ticket, LandResult result) {
    if (ticket.requesterWorkflowId() == null || ticket.requesterWorkflowId().isBlank()) return;
    ExternalWorkflowStub requester = Workflow.newUntypedExternalWorkflowStub(ticket.requesterWorkflowId());
    try {
      requester.signal(LandingRequester.LANDED_SIGNAL, result);
    } catch (RuntimeException e) {
      // The requester may have ended (cancelled); the landing itself stands.
      log.warn("could not tell {} about PR #{}: {}", ticket.requesterWorkflowId(), ticket.pull(), e.getMessage());
    }
  }
}
