package dev.timmyloop.workflows.merge;

import dev.timmyloop.activities.git.GitActivities.RefQuery;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.merge.LandingPolicy.Act;
import dev.timmyloop.workflows.merge.LandingPolicy.Again;
import dev.timmyloop.workflows.merge.LandingPolicy.Answer;
import dev.timmyloop.workflows.merge.LandingPolicy.CiState;
import dev.timmyloop.workflows.merge.LandingPolicy.PrState;
import dev.timmyloop.workflows.merge.LandingPolicy.Step;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;

/** Phase 5's merge step, one PR at a time per repository (or speculatively, see the settings). */
public class MergeQueueImpl implements MergeQueue {
  private static final Logger log = Workflow.getLogger(MergeQueueImpl.class);

  /** An idle queue ends; the next request starts it again (signal-with-start). */
  private static final Duration IDLE_EXIT = Duration.ofMinutes(10);

  /**
   * Continue-as-new after this many landings keeps the history small: a landing with a rebase and a
   * second CI run is up to ~40 events, so a run stays under ~450 and replays quickly (bench).
   */
  private static final int LANDINGS_PER_RUN = 10;

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
    settings =
        shared.stub(SettingsActivities.class, ActivityProfiles.STATE, "read settings").settings();
    if (settings.speculative()) {
      new SpeculativeQueue(settings, queue, this::answer)
          .run(carried, landed, IDLE_EXIT, LANDINGS_PER_RUN);
      return;
    }
    while (true) {
      if (!Workflow.await(IDLE_EXIT, () -> !queue.isEmpty())) return;
      LandTicket ticket = queue.poll();
      Workflow.setCurrentDetails("landing PR #" + ticket.pull() + "; waiting: " + queue.size());
      LandResult result = land(ticket);
      String why =
          result.message() == null || result.message().isBlank()
              ? ""
              : " (" + result.message() + ")";
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

  /** Carries out {@link LandingPolicy}'s steps until it answers. */
  private LandResult land(LandTicket t) {
    boolean rebased = false;
    PullRequest pr = null;
    try {
      pr = readPull(t);
      PrState state = PrState.of(pr);
      CiState ci = CiState.UNKNOWN;
      for (int round = 1; ; ) {
        Step step = LandingPolicy.next(state, ci, round);
        if (step instanceof Answer a) {
          if (a.status() == LandStatus.MERGED) {
            LoopMetrics.count(LoopMetrics.PRS_MERGED);
            pr = readPull(t); // for the merge commit
          }
          String mergeSha = pr.mergeCommitSha() == null ? "" : pr.mergeCommitSha();
          return new LandResult(
              t.pull(),
              a.status(),
              pr.headSha(),
              mergeSha,
              rebased,
              a.why() == null ? "" : a.why(),
              null);
        }
        if (step instanceof Again again) {
          log.info(
              "PR #{} not merged in round {} ({}); again",
              t.pull(),
              round++,
              state.merge().status());
          if (!again.pause().isZero()) Workflow.sleep(again.pause());
          pr = readPull(t);
          state = PrState.of(pr);
          ci = CiState.UNKNOWN;
          continue;
        }
        switch ((Act) step) {
          case COMPARE -> {
            Stubs home = Stubs.home(settings);
            home.git("fetch").fetch();
            RefQuery q = new RefQuery("origin/" + pr.headBranch(), "origin/" + pr.baseBranch());
            state = state.compared(home.git("behind of PR #" + t.pull()).refState(q).behind());
          }
          case REBASE -> {
            Workflow.setCurrentDetails("rebasing PR #" + t.pull() + " onto " + pr.baseBranch());
            UpdateOutcome update =
                shared
                    .gitea("rebase PR #" + t.pull() + " onto " + pr.baseBranch())
                    .updateBranch(t.pull());
            rebased = rebased || update.status() == UpdateStatus.UPDATED;
            if (update.status() != UpdateStatus.CONFLICT) pr = readPull(t); // its new head
            state = state.rebased(update);
          }
          case AWAIT_CI -> ci = awaitCi(t, pr.headSha());
          case MERGE ->
              state =
                  state.tried(
                      shared
                          .gitea("merge PR #" + t.pull() + " (squash)")
                          .merge(
                              new MergeRequest(
                                  t.pull(), pr.headSha(), t.title(), t.message(), true)));
        }
      }
    } catch (io.temporal.failure.ActivityFailure e) {
      // A non-retryable Gitea answer (auth, not found): the requester must hear about it, not hang.
      String why =
          e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : e.getMessage();
      // It is still an error nobody expected: the requester passes it on to be filed.
      return new LandResult(
          t.pull(),
          LandStatus.NOT_READY,
          pr == null ? "" : pr.headSha(),
          "",
          rebased,
          why,
          Findings.runtime(e, Workflow.getInfo().getWorkflowId()));
    }
  }

  private PullRequest readPull(LandTicket t) {
    return shared.gitea("read PR #" + t.pull()).getPull(t.pull());
  }

  private CiState awaitCi(LandTicket t, String sha) {
    String what = "CI on " + shortSha(sha) + " of PR #" + t.pull();
    Workflow.setCurrentDetails("waiting for " + what);
    long waitStart = Workflow.currentTimeMillis();
    CombinedStatus ci =
        shared
            .stub(GiteaActivities.class, ActivityProfiles.GITEA_WAIT, what)
            .awaitStatus(new AwaitStatus(sha, t.ciTimeoutSeconds()));
    LoopMetrics.time(LoopMetrics.CI_WAIT, Workflow.currentTimeMillis() - waitStart);
    return CiState.of(ci);
  }

  /**
   * The first 8 characters of {@code sha}, for summaries and logs (the speculative queue's too).
   */
  static String shortSha(String sha) {
    return sha == null || sha.length() < 8 ? String.valueOf(sha) : sha.substring(0, 8);
  }

  private void answer(LandTicket ticket, LandResult result) {
    if (ticket.requesterWorkflowId() == null || ticket.requesterWorkflowId().isBlank()) return;
    ExternalWorkflowStub requester =
        Workflow.newUntypedExternalWorkflowStub(ticket.requesterWorkflowId());
    try {
      requester.signal(LandingRequester.LANDED_SIGNAL, result);
    } catch (RuntimeException e) {
      // The requester may have ended (cancelled); the landing itself stands.
      log.warn(
          "could not tell {} about PR #{}: {}",
          ticket.requesterWorkflowId(),
          ticket.pull(),
          e.getMessage());
    }
  }
}
