package dev.timmyloop.workflows.issue;

/**
 * Branch and commit subject of an issue job by workflow version: jobs started before
 * {@link IssueKind} ({@code version} 0, i.e. DEFAULT_VERSION) keep {@code fix/} names on replay.
 * Pure.
 */
public final class IssueNaming {
  /** The {@code Workflow.getVersion} change id. */
  public static final String CHANGE = "issue-kind-branch";

  private IssueNaming() {}

  public static String branch(int version, IssueKind kind, long issue, String title) {
    if (version < 1) return "fix/" + issue + "-" + Branches.slug(title);
    return Branches.forIssue(kind, issue, title);
  }

  public static String subject(int version, IssueKind kind, long issue, String title) {
    if (version < 1) return "fix: " + title + " (#" + issue + ")";
    return kind.subject(issue, title);
  }
}
