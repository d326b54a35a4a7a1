package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.workflows.issue.Branches;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phase 2: which issues already have work in flight — an open PR that closes them (Gitea's closing
 * keywords in its title or body) or that comes from the loop's own branch for them. Such an issue
 * is never dispatched again: its PR is the unit of work, which phase 1 repairs and lands (or leaves
 * alone, when it is a person's {@code wip}). Pure.
 */
public final class InFlight {
  /**
   * Gitea's closing keywords, then {@code #N} or {@code owner/repo#N}. The keyword starts a word
   * and the reference stands alone: {@code prefix#1} and {@code #1abc} are not references.
   */
  private static final Pattern CLOSING =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}_])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?[ \\t]+"
              + "(?:([\\w.-]+/[\\w.-]+))?#(\\d{1,18})(?![\\p{L}\\p{N}_])",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

  private InFlight() {}

  /**
   * The issues of {@code repository} ({@code owner/repo}) that {@code text} closes; a reference to
   * another repository is not ours.
   */
  public static Set<Long> closedBy(String text, String repository) {
    Set<Long> out = new TreeSet<>();
    if (text == null) return out;
    Matcher m = CLOSING.matcher(text);
    while (m.find()) {
      String repo = m.group(1);
      if (repo == null
          || (repository != null
              && repo.toLowerCase(Locale.ROOT).equals(repository.toLowerCase(Locale.ROOT)))) {
        out.add(Long.parseLong(m.group(2)));
      }
    }
    return out;
  }

  /** Every issue an open PR works on: closed by its title or body, or named by its loop branch. */
  public static Set<Long> issues(Iterable<PullRequest> openPulls, String repository) {
    Set<Long> out = new TreeSet<>();
    for (PullRequest pr : openPulls) {
      if (pr.merged()) continue;
      out.addAll(closedBy(pr.title(), repository));
      out.addAll(closedBy(pr.body(), repository));
      Branches.issueOf(pr.headBranch()).ifPresent(out::add);
    }
    return out;
  }
}
