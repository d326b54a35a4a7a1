package dev.timmyloop.activities.git;

import dev.timmyloop.config.TimmyConfig;

/** TEMP stub for compile; the real implementation comes from another branch. */
public class GitActivitiesImpl implements GitActivities {
  public GitActivitiesImpl(TimmyConfig config) {}

  private static UnsupportedOperationException todo() {
    return new UnsupportedOperationException("TEMP stub");
  }

  @Override public Worktree addWorktree(AddWorktree r) { throw todo(); }
  @Override public Worktree checkoutWorktree(CheckoutWorktree r) { throw todo(); }
  @Override public void removeWorktree(RemoveWorktree r) { throw todo(); }
  @Override public void fetch() { throw todo(); }
  @Override public RefState refState(RefQuery q) { throw todo(); }
  @Override public Changes changes(ChangesQuery q) { throw todo(); }
  @Override public CommitOutcome commit(CommitRequest r) { throw todo(); }
  @Override public PushOutcome push(PushRequest r) { throw todo(); }
  @Override public RebaseOutcome rebase(RebaseRequest r) { throw todo(); }
}
