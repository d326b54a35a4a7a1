package dev.timmyloop.workflows.issue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of work an issue is, from its title's tags and its labels: the branch prefix and the
 * conventional-commit type of its commit and PR title (phase 4 of the old loop). Pure.
 */
public enum IssueKind {
  FIX("fix", "fix"),
  FEAT("feat", "feat"),
  REFACTOR("refactor", "refactor"),
  /** An optimization commits as {@code perf:}, on a {@code fix/} branch as the old loop did. */
  PERF("fix", "perf"),
  POLICY("policy", "policy");

  /**
   * Title tags and labels (lower case) and the kind each names; the title's tags win over labels.
   */
  private static final Map<String, IssueKind> NAMES =
      Map.ofEntries(
          Map.entry("bug", FIX),
          Map.entry("fix", FIX),
          Map.entry("feature", FEAT),
          Map.entry("timmy-capability", FEAT),
          Map.entry("enhancement", FEAT),
          Map.entry("refactor", REFACTOR),
          Map.entry("optimization", PERF),
          Map.entry("performance", PERF),
          Map.entry("soul-gap", POLICY),
          Map.entry("policy", POLICY),
          Map.entry("docs", POLICY),
          Map.entry("documentation", POLICY));

  /** Leading bracket tags such as {@code [loop-generated] [feature]}. */
  private static final Pattern LEADING_TAGS =
      Pattern.compile("^\\s*((?:\\[[^\\]\\r\\n]{1,40}\\]\\s*)+)");

  private static final Pattern TAG = Pattern.compile("\\[([^\\]]*)\\]");

  private final String branchPrefix;
  private final String commitType;

  IssueKind(String branchPrefix, String commitType) {
    this.branchPrefix = branchPrefix;
    this.commitType = commitType;
  }

  /**
   * {@code fix}, {@code feat}, {@code refactor} or {@code policy}: the branch is {@code
   * <prefix>/<N>-<slug>}.
   */
  public String branchPrefix() {
    return branchPrefix;
  }

  /** {@code fix}, {@code feat}, {@code refactor}, {@code perf} or {@code policy}. */
  public String commitType() {
    return commitType;
  }

  /**
   * {@code feat: add calc.power (#12)}: the commit subject, and the PR title after its cycle tag.
   */
  public String subject(long issue, String title) {
    return commitType + ": " + stripTags(title) + " (#" + issue + ")";
  }

  /** The first known tag of the title, else the first known label, else {@link #FIX}. */
  public static IssueKind of(String title, List<String> labels) {
    Matcher lead = LEADING_TAGS.matcher(title == null ? "" : title);
    if (lead.find()) {
      Matcher tag = TAG.matcher(lead.group(1));
      while (tag.find()) {
        IssueKind kind = NAMES.get(tag.group(1).trim().toLowerCase(Locale.ROOT));
        if (kind != null) return kind;
      }
    }
    if (labels != null) {
      for (String label : labels) {
        IssueKind kind = label == null ? null : NAMES.get(label.trim().toLowerCase(Locale.ROOT));
        if (kind != null) return kind;
      }
    }
    return FIX;
  }

  /** The title without its leading tags, on one line; the whole title when only tags are left. */
  public static String stripTags(String title) {
    String one = Prompts.oneLine(title);
    String rest = LEADING_TAGS.matcher(one).replaceFirst("").strip();
    return rest.isEmpty() ? one : rest;
  }
}
