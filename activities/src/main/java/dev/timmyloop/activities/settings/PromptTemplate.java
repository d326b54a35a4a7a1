package dev.timmyloop.activities.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's prompt as a template ({@code promptTemplate}): {@code {NAME}} placeholders, filled in
 * one pass. A value is inserted as it is and never read again, so a {@code {BRANCH}} inside an
 * issue's text stays literal. Pure: the settings activity checks a file with it, workflows fill it.
 */
public final class PromptTemplate {
  /** The placeholders a template may use; any other {@code {UPPER_CASE}} word is an error. */
  public static final Set<String> PLACEHOLDERS =
      Set.of(
          "ISSUE_NUMBER",
          "ISSUE_TITLE",
          "ISSUE_BODY",
          "BRANCH",
          "BASE_BRANCH",
          "SAFETY_BLOCK",
          "TEST_COMMAND",
          "PROTECTED_PATHS",
          "FEEDBACK");

  /** Only upper-case words in braces are placeholders; other braces (code, JSON) stay text. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Z][A-Z0-9_]*)\\}");

  private PromptTemplate() {}

  /** The placeholders of {@code template} that are not in {@link #PLACEHOLDERS}, sorted. */
  public static List<String> unknown(String template) {
    Set<String> out = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template == null ? "" : template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) out.add("{" + m.group(1) + "}");
    }
    return new ArrayList<>(out);
  }

  /** Each known placeholder replaced by its value (missing values: empty), in a single pass. */
  public static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = PLACEHOLDERS.contains(name) ? values.getOrDefault(name, "") : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
