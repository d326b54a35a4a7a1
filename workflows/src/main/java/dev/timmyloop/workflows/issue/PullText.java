package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.git.GitActivities.Changes;
import dev.timmyloop.activities.git.GitActivities.FileChange;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.Status;

/** Texts the loop posts on a PR: the diff summary of its body and the failing CI contexts. Pure. */
public final class PullText {
  /** Files listed in a PR body; the rest are counted. */
  static final int MAX_FILES = 20;

  private PullText() {}

  /** {@code 3 files changed, +10 -2} and one line per file. */
  public static String diffSummary(Changes changes) {
    if (changes == null) return "";
    int files = changes.files().size();
    String head = files + (files == 1 ? " file" : " files") + " changed, +";
    StringBuilder s =
        new StringBuilder(head + changes.insertions() + " -" + changes.deletions() + "\n");
    for (int i = 0; i < files && i < MAX_FILES; i++) {
      FileChange f = changes.files().get(i);
      s.append("\n- ").append(f.status()).append(' ').append(f.path());
    }
    if (files > MAX_FILES) s.append("\n- … and ").append(files - MAX_FILES).append(" more");
    return s.append('\n').toString();
  }

  /** One line per context that failed or errored, with its description and link. */
  public static String failingContexts(CombinedStatus ci) {
    StringBuilder s = new StringBuilder("Failing checks:");
    boolean any = false;
    if (ci.statuses() != null) {
      for (Status st : ci.statuses()) {
        if ("failure".equals(st.state()) || "error".equals(st.state())) {
          any = true;
          s.append("\n- `").append(st.context()).append("` ").append(st.state());
          if (st.description() != null && !st.description().isBlank()) {
            s.append(": ").append(st.description());
          }
          if (st.targetUrl() != null && !st.targetUrl().isBlank())
            s.append(" (").append(st.targetUrl()).append(')');
        }
      }
    }
    if (!any) s.append("\n- combined state `").append(ci.state()).append('`');
    return s.toString();
  }
}
