package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaModel.Label;
import java.util.List;

/** Gitea's JSON → the activity results: no nulls, long bodies cut (history stays small). */
final class Results {
  private Results() {}

  static Issue issue(GiteaModel.Issue i) {
    return issue(i, GiteaActivities.MAX_BODY_CHARS);
  }

  /** The issue with its body cut to {@code maxBody} characters. */
  static Issue issue(GiteaModel.Issue i, int maxBody) {
    String body = nz(i.body());
    boolean cut = body.length() > maxBody;
    return new Issue(
        i.number(),
        nz(i.title()),
        cut ? body.substring(0, maxBody) : body,
        cut,
        names(i.labels()),
        nz(i.createdAt()),
        nz(i.htmlUrl()));
  }

  static PullRequest pull(GiteaModel.Pull p) {
    GiteaModel.Branch head = p.head() == null ? new GiteaModel.Branch("", "") : p.head();
    GiteaModel.Branch base = p.base() == null ? new GiteaModel.Branch("", "") : p.base();
    return new PullRequest(
        p.number(),
        nz(p.title()),
        nz(p.state()),
        nz(head.ref()),
        nz(head.sha()),
        nz(base.ref()),
        Boolean.TRUE.equals(p.mergeable()),
        p.merged(),
        nz(p.mergeCommitSha()),
        names(p.labels()),
        nz(p.htmlUrl()),
        cut(nz(p.body()), GiteaActivities.PULL_BODY_CHARS));
  }

  private static List<String> names(List<Label> labels) {
    return labels.stream().map(Label::name).toList();
  }

  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }
}
