package dev.timmyloop.workflows.issue;

/** Placeholder until the implementation lands (this session). */
public class IssueJobImpl implements IssueJob {
  @Override
  public IssueJobResult run(IssueJobInput input) {
    throw new UnsupportedOperationException("not yet");
  }

  @Override
  public String step() {
    return "";
  }

  @Override
  public void landed(dev.timmyloop.workflows.merge.MergeQueue.LandResult result) {}
}
