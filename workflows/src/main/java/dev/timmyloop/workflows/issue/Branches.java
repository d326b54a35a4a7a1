package dev.timmyloop.workflows.issue;

import java.text.Normalizer;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Branch names for issue work: {@code <kind>/<issue>-<slug>}, e.g. {@code feat/12-add-calc-power}
 * (phase 4 of the old loop; the title's tags are left out). The slug keeps only lowercase ASCII
 * letters, digits and single dashes, so any title, however hostile, gives a valid git ref that is
 * also safe as a path segment.
 */
public final class Branches {
  /** Longest slug; the whole name stays short enough for a worktree folder. */
  static final int MAX_SLUG = 40;

  private Branches() {}

  /** A loop branch of any kind, e.g. {@code feat/12-add-calc-power}: group 1 is the issue. */
  private static final Pattern LOOP_BRANCH =
      Pattern.compile("^(?:fix|feat|refactor|policy)/(\\d{1,18})-");

  public static String forIssue(IssueKind kind, long issue, String title) {
    return kind.branchPrefix() + "/" + issue + "-" + slug(IssueKind.stripTags(title));
  }

  /** The issue a branch of the loop works on ({@link #forIssue}), or empty for any other branch. */
  public static OptionalLong issueOf(String branch) {
    Matcher m = LOOP_BRANCH.matcher(branch == null ? "" : branch);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /**
   * Lowercase ASCII letters/digits and '-', collapsed and trimmed; {@code issue} when nothing is
   * left.
   */
  static String slug(String title) {
    if (title == null) return "issue";
    // Decompose first so "Café" gives "cafe" rather than "caf".
    String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    boolean dash = false;
    boolean cut = false;
    for (int i = 0; i < ascii.length() && !cut; i++) {
      char c = ascii.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && out.length() > 0) out.append('-');
        cut = out.length() >= MAX_SLUG;
        if (!cut) out.append(c);
        dash = false;
      } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
        dash = true;
      }
    }
    // A cut mid-word goes back to the last whole word when that keeps at least half.
    int lastDash = out.lastIndexOf("-");
    if (cut && lastDash >= MAX_SLUG / 2) out.setLength(lastDash);
    String slug = out.toString();
    while (slug.endsWith("-")) slug = slug.substring(0, slug.length() - 1);
    return slug.isEmpty() ? "issue" : slug;
  }
}
