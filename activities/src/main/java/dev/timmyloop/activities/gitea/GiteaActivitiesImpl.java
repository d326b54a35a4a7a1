package dev.timmyloop.activities.gitea;

import dev.timmyloop.config.TimmyConfig;

/** TEMP stub for compile; the real implementation comes from another branch. */
public class GiteaActivitiesImpl implements GiteaActivities {
  public GiteaActivitiesImpl(TimmyConfig config) {}

  private static UnsupportedOperationException todo() {
    return new UnsupportedOperationException("TEMP stub");
  }

  @Override public java.util.List<Issue> openIssues() { throw todo(); }
  @Override public Issue getIssue(long n) { throw todo(); }
  @Override public Issue createIssue(NewIssue i) { throw todo(); }
  @Override public void comment(NewComment c) { throw todo(); }
  @Override public void addLabels(LabelChange c) { throw todo(); }
  @Override public void removeLabels(LabelChange c) { throw todo(); }
  @Override public java.util.List<PullRequest> openPulls() { throw todo(); }
  @Override public PullRequest getPull(long n) { throw todo(); }
  @Override public java.util.Optional<PullRequest> findPull(String base, String head) { throw todo(); }
  @Override public PullRequest createPull(NewPull p) { throw todo(); }
  @Override public UpdateOutcome updateBranch(long pull) { throw todo(); }
  @Override public MergeOutcome merge(MergeRequest r) { throw todo(); }
  @Override public CombinedStatus combinedStatus(String sha) { throw todo(); }
  @Override public CombinedStatus awaitStatus(AwaitStatus r) { throw todo(); }
  @Override public String ciFailureLog(String sha) { throw todo(); }
}
