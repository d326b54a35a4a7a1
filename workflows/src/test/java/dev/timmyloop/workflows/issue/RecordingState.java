package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.state.StateFileActivities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records claims, releases, job ends and the findings ledger; no claims are live. */
public final class RecordingState implements StateFileActivities {
  public final List<ClaimRequest> claimed = new CopyOnWriteArrayList<>();
  public final List<Release> released = new CopyOnWriteArrayList<>();
  public final List<JobRecord> ended = new CopyOnWriteArrayList<>();

  /** The findings ledger, oldest first. */
  public final List<PendingFinding> pending = new CopyOnWriteArrayList<>();

  @Override
  public LoopState readState() {
    return new LoopState(0, List.of(), List.of(), java.util.Map.of(), List.of());
  }

  @Override
  public ClaimOutcome claim(ClaimRequest request) {
    claimed.add(request);
    return new ClaimOutcome(
        ClaimStatus.CLAIMED, new Claim(request.issue(), request.holder(), "t0", "t1"));
  }

  @Override
  public void release(Release r) {
    released.add(r);
  }

  @Override
  public void appendCycleRecord(CycleRecord record) {}

  @Override
  public void recordJobEnd(JobRecord end) {
    ended.add(end);
  }

  @Override
  public void pendFindings(PendingFindings findings) {
    for (PendingFinding f : findings.findings()) {
      pending.removeIf(p -> p.signature().equals(f.signature()));
      pending.add(f);
    }
  }

  @Override
  public PendingFindings pendingFindings(int max) {
    return new PendingFindings(pending.stream().limit(max).toList());
  }

  @Override
  public void dropPendingFindings(List<String> signatures) {
    pending.removeIf(p -> signatures.contains(p.signature()));
  }

  @Override
  public void rememberReportedFailure(ReportedFailure failure) {}

  @Override
  public void appendCorrespondence(String markdown) {}
}
