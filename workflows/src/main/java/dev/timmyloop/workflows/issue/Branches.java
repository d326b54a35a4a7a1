package dev.timmyloop.workflows.issue;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Branch names for issue work: {@code fix/<issue>-<slug>} (phase 4 of the old loop). The slug keeps
 * only lowercase ASCII letters, digits and single dashes, so any title, however hostile, gives a
 * valid git ref that is also safe as a path segment.
 */
public final class Branches {
  /** Longest slug; the whole name stays short enough for a worktree folder. */
  static final int MAX_SLUG = 40;

  private Branches() {}

  public static String forIssue(long issue, String title) {
    return "fix/" + issue + "-" + slug(title);
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
