package dev.timmyloop.workflows.support;

import dev.timmyloop.activities.gitea.GiteaActivities.LabelChange;
import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import java.util.List;

/** Labels the loop writes and reads back: the writer and every reader must agree on the name. */
public final class Labels {
  private Labels() {}

  /** Parks an issue or PR: the loop stops working on it until a person removes the label. */
  public static final String NEEDS_HUMAN = "needs-human";

  /** Says why on issue or PR {@code what} ({@code #12}, {@code PR #12}), then parks it. */
  public static void park(String what, NewComment why) {
    Stubs shared = Stubs.shared();
    shared.gitea("comment on " + what).comment(why);
    shared
        .gitea("label " + what + " " + NEEDS_HUMAN)
        .addLabels(new LabelChange(why.issue(), List.of(NEEDS_HUMAN)));
  }
}
