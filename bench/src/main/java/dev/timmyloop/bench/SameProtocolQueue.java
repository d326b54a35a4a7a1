package dev.timmyloop.bench;

import dev.timmyloop.activities.git.GitActivities.BuildCandidate;
import dev.timmyloop.activities.git.GitActivities.Candidate;
import dev.timmyloop.activities.git.GitActivities.CandidateStatus;
import dev.timmyloop.activities.git.GitActivities.PushCandidate;
import dev.timmyloop.activities.git.GitActivities.PushOutcome;
import dev.timmyloop.activities.git.GitActivities.RefQuery;
import dev.timmyloop.activities.git.GitActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.StatusWaiter;
import dev.timmyloop.workflows.merge.LandingPolicy.CiState;
import dev.timmyloop.workflows.merge.SpeculativePolicy;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Act;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Again;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Built;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Eject;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Head;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Landed;
import dev.timmyloop.workflows.merge.SpeculativePolicy.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;

/**
 * The speculative merge queue of {@code SpeculativeQueue} as one plain thread: the same pure {@link
 * SpeculativePolicy}, the same activity classes called directly (candidates by merge-tree and
 * commit-tree, force-push with lease, the combined status polled with {@code StatusWaiter}'s
 * back-off, fast-forward-only merge with {@code head_commit_id}). A PR leaving the line unmerged
 * just fails its ticket: the bench's issues never conflict, so no stacked branch is restored.
 */
final class SameProtocolQueue implements Runnable {
  /** A PR to land; {@code landed} completes with main's new sha, or fails with why not. */
  record Ticket(long pull, String title, String body, CompletableFuture<String> landed) {}

  private static final class Slot {
    final Ticket ticket;
    final String branch;
    final String original;
    String onBranch;
    String candidate;
    CompletableFuture<CombinedStatus> ci;
    int round = 1;

    Slot(Ticket ticket, String branch, String original) {
      this.ticket = ticket;
      this.branch = branch;
      this.original = original;
      this.onBranch = original;
    }
  }

  private final GitActivitiesImpl git;
  private final GiteaActivitiesImpl gitea;
  private final String baseBranch;
  private final int parallelism;
  private final Duration ciTimeout;
  private final ExecutorService ciWaits;
  private final LinkedBlockingQueue<Ticket> queue = new LinkedBlockingQueue<>();
  private final List<Slot> line = new ArrayList<>();
  private final Object wake = new Object();
  private String main;

  SameProtocolQueue(
      GitActivitiesImpl git,
      GiteaActivitiesImpl gitea,
      String baseBranch,
      int parallelism,
      Duration ciTimeout,
      ExecutorService ciWaits) {
    this.git = git;
    this.gitea = gitea;
    this.baseBranch = baseBranch;
    this.parallelism = parallelism;
    this.ciTimeout = ciTimeout;
    this.ciWaits = ciWaits;
  }

  void submit(Ticket t) {
    queue.add(t);
    poke();
  }

  /** Lands until interrupted; a surprise fails every ticket, so no job waits for nothing. */
  @Override
  public void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) step();
    } catch (InterruptedException e) {
      // the run is over
    } catch (RuntimeException e) {
      for (Slot s : line) s.ticket.landed().completeExceptionally(e);
      for (Ticket t = queue.poll(); t != null; t = queue.poll())
        t.landed().completeExceptionally(e);
      throw e;
    }
  }

  private void step() throws InterruptedException {
    if (line.isEmpty()) admit(queue.take());
    while (line.size() < parallelism && !queue.isEmpty()) admit(queue.poll());
    if (line.isEmpty()) return;
    buildLine();
    if (line.isEmpty()) return;
    Slot head = line.get(0);
    await(() -> head.ci.isDone() || (!queue.isEmpty() && line.size() < parallelism));
    if (head.ci.isDone()) decide(head);
  }

  /** Reads the PR, as the queue does when a ticket comes, and puts it in line. */
  private void admit(Ticket t) {
    try {
      PullRequest pr = SameProtocolBaseline.retry(() -> gitea.getPull(t.pull()));
      if (pr.merged() || !"open".equals(pr.state())) {
        t.landed().completeExceptionally(new IllegalStateException("PR #" + t.pull() + " closed"));
        return;
      }
      line.add(new Slot(t, pr.headBranch(), pr.headSha()));
    } catch (RuntimeException e) {
      t.landed().completeExceptionally(e);
    }
  }

  private void buildLine() {
    try {
      if (line.get(0).candidate == null) main = mainSha();
    } catch (RuntimeException e) {
      for (Slot s : line) s.ticket.landed().completeExceptionally(e);
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
      } catch (RuntimeException e) {
        line.remove(i);
        s.ticket.landed().completeExceptionally(e);
      }
      i--;
    }
  }

  private Head build(Slot s, String base) {
    String message = s.ticket.title() + "\n\n" + s.ticket.body();
    Candidate c =
        SameProtocolBaseline.retry(
            () -> git.buildCandidate(new BuildCandidate(base, s.original, message)));
    if (c.status() == CandidateStatus.CONFLICT) {
      return Head.built(Built.CONFLICT, String.join(", ", c.conflictingFiles()));
    }
    PushOutcome p =
        SameProtocolBaseline.retry(
            () -> git.pushCandidate(new PushCandidate(s.branch, c.sha(), s.onBranch)));
    if (!p.pushed()) return Head.built(Built.PUSH_REFUSED, p.refused());
    s.onBranch = c.sha();
    s.candidate = c.sha();
    s.ci = CompletableFuture.supplyAsync(() -> awaitCi(c.sha()), ciWaits);
    s.ci.whenComplete((status, failure) -> poke());
    return Head.built(Built.PUSHED, "");
  }

  /** The policy's steps for the head once its CI is known, as the queue carries them out. */
  private void decide(Slot s) throws InterruptedException {
    Head h;
    try {
      h = new Head(Built.PUSHED, "", CiState.of(s.ci.join()), null, null, s.round);
    } catch (RuntimeException e) {
      dropHead(s, e);
      return;
    }
    while (true) {
      Step step = SpeculativePolicy.next(h);
      if (step instanceof Landed) {
        line.remove(0);
        main = s.candidate;
        s.ticket.landed().complete(s.candidate);
        return;
      }
      if (step instanceof Eject e) {
        eject(s, e);
        return;
      }
      if (step instanceof SpeculativePolicy.RebuildAll) {
        s.round++;
        for (Slot other : line) other.candidate = null;
        return;
      }
      if (step instanceof Again a) {
        Thread.sleep(a.pause().toMillis());
        h = h.nextRound();
        s.round = h.round();
        continue;
      }
      try {
        switch ((Act) step) {
          case AWAIT_CI -> throw new IllegalStateException("CI was awaited");
          case MERGE -> {
            MergeRequest merge =
                new MergeRequest(
                    s.ticket.pull(), s.candidate, "", "", true, MergeRequest.FAST_FORWARD_ONLY);
            h = h.tried(SameProtocolBaseline.retry(() -> gitea.merge(merge)));
          }
          case CHECK_MAIN -> {
            String before = main;
            main = mainSha();
            h = h.looked(!main.equals(before));
          }
        }
      } catch (RuntimeException e) {
        dropHead(s, e);
        return;
      }
    }
  }

  private void dropHead(Slot s, RuntimeException e) {
    line.remove(s);
    for (Slot other : line) other.candidate = null;
    s.ticket.landed().completeExceptionally(e);
  }

  private void eject(Slot s, Eject e) {
    int at = line.indexOf(s);
    line.remove(s);
    for (int i = Math.max(at, 0); i < line.size(); i++) line.get(i).candidate = null;
    s.ticket.landed().completeExceptionally(new IllegalStateException(e.status() + ": " + e.why()));
  }

  private String mainSha() {
    String ref = "origin/" + baseBranch;
    return SameProtocolBaseline.retry(
        () -> {
          git.fetch();
          return git.refState(new RefQuery(ref, ref)).sha();
        });
  }

  /** The combined status of {@code sha} until it is no longer pending, or the time is up. */
  private CombinedStatus awaitCi(String sha) {
    long start = System.currentTimeMillis();
    long deadline = start + ciTimeout.toMillis();
    while (true) {
      CombinedStatus status = SameProtocolBaseline.retry(() -> gitea.combinedStatus(sha));
      long now = System.currentTimeMillis();
      if (!status.waiting() || now >= deadline) return status;
      try {
        // The activity's own pace.
        Thread.sleep(Math.min(StatusWaiter.pause(now - start), deadline - now));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while awaiting CI on " + sha, e);
      }
    }
  }

  private void await(BooleanSupplier done) throws InterruptedException {
    synchronized (wake) {
      while (!done.getAsBoolean()) wake.wait(1000);
    }
  }

  private void poke() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }
}
