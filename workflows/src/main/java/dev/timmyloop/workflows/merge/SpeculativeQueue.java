package dev.timmyloop.workflows.merge;

import dev.timmyloop.activities.git.GitActivities;
import dev.timmyloop.activities.git.GitActivities.BuildCandidate;
import dev.timmyloop.activities.git.GitActivities.Candidate;
import dev.timmyloop.activities.git.GitActivities.CandidateStatus;
import dev.timmyloop.activities.git.GitActivities.PushCandidate;
import dev.timmyloop.activities.git.GitActivities.PushOutcome;
import dev.timmyloop.activities.git.GitActivities.RefQuery;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.merge.LandingPolicy.CiState;
import dev.timmyloop.workflows.merge.MergeQueue.BranchHead;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.merge.MergeQueue.QueueState;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Act;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Again;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Built;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Eject;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Head;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Landed;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Step;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;

/**
 * The merge queue in {@code speculative} mode (see {@link SpeculativePolicy}): up to {@code
 * mergeParallelism} PRs in the line, each with a candidate pushed to its branch and in CI at once;
 * the head is merged fast-forward-only with {@code head_commit_id} = its candidate once green.
 */
final class SpeculativeQueue {
  private static final Logger log = Workflow.getLogger(SpeculativeQueue.class);

  /** One PR in the line. */
  private static final class Slot {
    final LandTicket ticket;

    /** Requests for the same PR that came again (a retried signal): they hear the same answer. */
    final List<LandTicket> again = new ArrayList<>();

    final String branch;

    /** The PR's own head: every candidate squashes it. */
    final String original;

    /** What the PR branch holds now: the lease of the next push. */
    String onBranch;

    /** This line's candidate, null until built on the current base. */
    String candidate;

    Promise<CombinedStatus> ci;
    int round = 1;

    Slot(LandTicket ticket, String branch, String original, String onBranch) {
      this.ticket = ticket;
      this.branch = branch;
      this.original = original;
      this.onBranch = onBranch;
    }
  }

  private final Stubs shared = Stubs.shared();
  private final LoopSettings settings;
  private final Deque<LandTicket> queue;
  private final BiConsumer<LandTicket, LandResult> answer;
  private final List<Slot> line = new ArrayList<>();
  private final List<BranchHead> carriedBranches = new ArrayList<>();

  /** The sha main stands on as far as the line knows; candidate 0 is built on it. */
  private String main;

  SpeculativeQueue(
      LoopSettings settings, Deque<LandTicket> queue, BiConsumer<LandTicket, LandResult> answer) {
    this.settings = settings;
    this.queue = queue;
    this.answer = answer;
  }

  /**
   * Lands until idle for {@code idleExit}, continuing as new after {@code perRun} landings once the
   * line is empty (after twice as many in any case).
   */
  void run(QueueState carried, long landedSoFar, Duration idleExit, int perRun) {
    if (carried != null && carried.branches() != null) carriedBranches.addAll(carried.branches());
    long landed = landedSoFar;
    int thisRun = 0;
    boolean fastForward = allowsFastForward();
    while (true) {
      if (line.isEmpty() && !Workflow.await(idleExit, () -> !queue.isEmpty())) return;
      if (!fastForward) {
        reply(
            new Slot(queue.poll(), "", "", ""),
            LandStatus.NOT_READY,
            "",
            "",
            NO_FAST_FORWARD,
            null);
        continue;
      }
      while (line.size() < settings.mergeParallelism() && !queue.isEmpty()) admit(queue.poll());
      if (line.isEmpty()) continue;
      buildLine();
      if (line.isEmpty()) continue;
      Slot head = line.get(0);
      Workflow.setCurrentDetails(
          "candidate of PR #" + head.ticket.pull() + " in CI; line: " + line.size());
      Workflow.await(
          () ->
              head.ci.isCompleted()
                  || (!queue.isEmpty() && line.size() < settings.mergeParallelism()));
      if (!head.ci.isCompleted()) continue;
      if (decide(head)) {
        landed++;
        // Candidates in CI would be built and tested again in a new run: it waits for an empty
        // line, up to twice as many landings.
        if (++thisRun >= perRun && (line.isEmpty() || thisRun >= 2 * perRun)) continueAsNew(landed);
      }
    }
  }

  static final String NO_FAST_FORWARD =
      "mergeMode speculative merges fast-forward-only, and this repository's settings do not allow"
          + " it (Gitea: Settings, Pull Requests, fast-forward only); allow it or set mergeMode serial";

  /** Whether the repository allows the merges this mode makes; unknown counts as yes. */
  private boolean allowsFastForward() {
    try {
      return shared
          .gitea("read the repository's merge settings")
          .mergeStyles()
          .contains("fast-forward-only");
    } catch (ActivityFailure e) {
      log.warn("cannot read the repository's merge settings: {}", why(e));
      return true;
    }
  }

  /** Reads the PR: one merged or closed meanwhile is answered at once, the others join the line. */
  private void admit(LandTicket t) {
    for (Slot s : line) {
      if (s.ticket.pull() == t.pull()) {
        s.again.add(t);
        return;
      }
    }
    try {
      PullRequest pr = readPull(t);
      if (pr.merged() || !"open".equals(pr.state())) {
        LandStatus status = pr.merged() ? LandStatus.ALREADY_MERGED : LandStatus.CLOSED;
        String sha = pr.mergeCommitSha() == null ? "" : pr.mergeCommitSha();
        reply(new Slot(t, "", "", ""), status, pr.headSha(), sha, "", null);
        return;
      }
      String original = pr.headSha();
      for (BranchHead b : carriedBranches) {
        if (b.pull() == t.pull()) original = b.original(); // the branch holds a candidate
      }
      line.add(new Slot(t, pr.headBranch(), original, pr.headSha()));
    } catch (ActivityFailure e) {
      failed(new Slot(t, "", "", ""), "", e);
    }
  }

  /** Builds and pushes every candidate not built on the current line yet, in order. */
  private void buildLine() {
    try {
      if (line.get(0).candidate == null) main = mainSha();
    } catch (ActivityFailure e) {
      // Without main nothing can be built: every PR in the line hears why.
      for (Slot s : line) failed(s, s.onBranch, e);
      line.clear();
      return;
    }
    for (int i = 0; i < line.size(); i++) {
      Slot s = line.get(i);
      if (s.candidate != null) continue;
      String base = SpeculativePolicy.baseOf(i, line.stream().map(x -> x.candidate).toList(), main);
      try {
        Head built = build(s, base);
        if (built.built() == Built.PUSHED) continue;
        eject(s, (Eject) SpeculativePolicy.next(built));
      } catch (ActivityFailure e) {
        line.remove(i);
        restoreIfStacked(s);
        failed(s, s.onBranch, e);
      }
      i--;
    }
  }

  /** Builds the candidate of {@code s} on {@code base} and pushes it; CI is awaited meanwhile. */
  private Head build(Slot s, String base) {
    long pull = s.ticket.pull();
    Candidate c =
        home("candidate of PR #" + pull + " on " + MergeQueueImpl.shortSha(base))
            .buildCandidate(new BuildCandidate(base, s.original, message(s.ticket)));
    if (c.status() == CandidateStatus.CONFLICT) {
      return Head.built(Built.CONFLICT, String.join(", ", c.conflictingFiles()));
    }
    PushOutcome p =
        home("push candidate " + MergeQueueImpl.shortSha(c.sha()) + " to PR #" + pull)
            .pushCandidate(new PushCandidate(s.branch, c.sha(), s.onBranch));
    if (!p.pushed()) return Head.built(Built.PUSH_REFUSED, p.refused());
    s.onBranch = c.sha();
    s.candidate = c.sha();
    GiteaActivities wait =
        shared.stub(
            GiteaActivities.class,
            ActivityProfiles.GITEA_WAIT,
            "CI on candidate " + MergeQueueImpl.shortSha(c.sha()) + " of PR #" + pull);
    s.ci = Async.function(wait::awaitStatus, new AwaitStatus(c.sha(), s.ticket.ciTimeoutSeconds()));
    return Head.built(Built.PUSHED, "");
  }

  /**
   * Carries out the policy's steps for the head once its CI is known; true when it landed. Any
   * other end leaves the candidates behind it to be rebuilt.
   */
  private boolean decide(Slot s) {
    long pull = s.ticket.pull();
    Head h;
    try {
      h = new Head(Built.PUSHED, "", CiState.of(s.ci.get()), null, null, s.round);
    } catch (ActivityFailure e) {
      return dropHead(s, e);
    }
    while (true) {
      Step step = SpeculativePolicy.next(h);
      if (step instanceof Landed l) {
        LoopMetrics.count(LoopMetrics.PRS_MERGED);
        line.remove(0);
        main = s.candidate;
        reply(s, LandStatus.MERGED, s.candidate, s.candidate, l.why(), null);
        return true;
      }
      if (step instanceof Eject e) {
        eject(s, e);
        return false;
      }
      if (step instanceof SpeculativePolicy.RebuildAll) {
        log.info(
            "main moved under the line (now {}); rebuilding it", MergeQueueImpl.shortSha(main));
        s.round++;
        for (Slot other : line) other.candidate = null;
        return false;
      }
      if (step instanceof Again a) {
        Workflow.sleep(a.pause());
        h = h.nextRound();
        s.round = h.round();
        continue;
      }
      try {
        switch ((Act) step) {
          case AWAIT_CI -> throw new IllegalStateException("CI was awaited");
          case MERGE ->
              h =
                  h.tried(
                      shared
                          .gitea("merge PR #" + pull + " (fast-forward-only)")
                          .merge(
                              new MergeRequest(
                                  pull,
                                  s.candidate,
                                  "",
                                  "",
                                  true,
                                  MergeRequest.FAST_FORWARD_ONLY)));
          case CHECK_MAIN -> {
            String before = main;
            main = mainSha();
            h = h.looked(!main.equals(before));
          }
        }
      } catch (ActivityFailure e) {
        return dropHead(s, e);
      }
    }
  }

  /** An activity failed for good on the head: it leaves the line, the rest is rebuilt. */
  private boolean dropHead(Slot s, ActivityFailure e) {
    line.remove(s);
    for (Slot other : line) other.candidate = null;
    failed(s, s.candidate, e);
    return false;
  }

  /** {@code s} leaves the line unmerged; those behind it are rebuilt on main. */
  private void eject(Slot s, Eject e) {
    int at = line.indexOf(s);
    line.remove(s);
    for (int i = Math.max(at, 0); i < line.size(); i++) line.get(i).candidate = null;
    restoreIfStacked(s);
    String head = s.candidate == null ? s.onBranch : s.candidate;
    reply(s, e.status(), head, "", e.why(), null);
  }

  /**
   * A PR that leaves the line while not built on the current line may still hold an older candidate
   * stacked on others: its own head goes back, or a repair would carry their changes. One built on
   * the line (the head, on main) stays: CI judged exactly that.
   */
  private void restoreIfStacked(Slot s) {
    if (s.candidate != null || s.onBranch.equals(s.original)) return;
    try {
      PushOutcome p =
          home("restore PR #" + s.ticket.pull())
              .pushCandidate(new PushCandidate(s.branch, s.original, s.onBranch));
      if (p.pushed()) s.onBranch = s.original;
    } catch (ActivityFailure f) {
      log.warn("could not restore PR #{}: {}", s.ticket.pull(), why(f));
    }
  }

  private void failed(Slot s, String head, ActivityFailure e) {
    // An error nobody expected: the requester passes it on to be filed.
    reply(
        s,
        LandStatus.NOT_READY,
        head == null ? "" : head,
        "",
        why(e),
        Findings.runtime(e, Workflow.getInfo().getWorkflowId()));
  }

  private void reply(
      Slot s, LandStatus status, String head, String mergeSha, String why, Finding failure) {
    long pull = s.ticket.pull();
    log.info("PR #{} → {} ({})", pull, status, why);
    LandResult result =
        new LandResult(pull, status, head, mergeSha, true, why == null ? "" : why, failure);
    answer.accept(s.ticket, result);
    for (LandTicket t : s.again) answer.accept(t, result);
  }

  /** Carries the waiting tickets, the line's first, and what each branch holds. */
  private void continueAsNew(long landed) {
    List<LandTicket> pending = new ArrayList<>();
    List<BranchHead> branches = new ArrayList<>();
    for (Slot s : line) {
      pending.add(s.ticket);
      branches.add(new BranchHead(s.ticket.pull(), s.original));
    }
    pending.addAll(queue);
    Workflow.continueAsNew(new QueueState(pending, landed, branches));
  }

  private String mainSha() {
    home("fetch").fetch();
    String ref = "origin/" + settings.baseBranch();
    return home("read " + ref).refState(new RefQuery(ref, ref)).sha();
  }

  private GitActivities home(String summary) {
    return Stubs.home(settings).git(summary);
  }

  private PullRequest readPull(LandTicket t) {
    return shared.gitea("read PR #" + t.pull()).getPull(t.pull());
  }

  /**
   * The squash's message: {@code <title> (#N)}, then the body. The loop's PR titles already end
   * with their issue's {@code (#N)}, as the serial squash keeps them; others get the PR's.
   */
  static String message(LandTicket t) {
    String title = t.title() == null ? "" : t.title().strip();
    if (title.isEmpty()) title = "PR";
    if (!title.matches(".*\\(#\\d+\\)")) title = title + " (#" + t.pull() + ")";
    String body = t.message() == null ? "" : t.message().strip();
    return body.isEmpty() ? title : title + "\n\n" + body;
  }

  private static String why(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : e.getMessage();
  }
}
