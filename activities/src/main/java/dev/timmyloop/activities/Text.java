package dev.timmyloop.activities;

import java.nio.charset.StandardCharsets;

/**
 * Keeps workflow history small: long texts are cut before they enter a result; the full text stays
 * on disk.
 */
public final class Text {
  /** The most output any result carries (a few KB, as the history budget asks). */
  public static final int TAIL_BYTES = 4096;

  private Text() {}

  /** The last {@code maxChars} characters of {@code s}, prefixed with a marker when cut. */
  public static String tail(String s, int maxChars) {
    if (s == null) return "";
    if (s.length() <= maxChars) return s;
    return "…[" + (s.length() - maxChars) + " chars cut]\n" + s.substring(s.length() - maxChars);
  }

  /** The first {@code maxChars} characters of {@code s}, suffixed with a marker when cut. */
  public static String head(String s, int maxChars) {
    if (s == null) return "";
    if (s.length() <= maxChars) return s;
    return s.substring(0, maxChars) + "\n…[" + (s.length() - maxChars) + " chars cut]";
  }

  /** Decodes bytes as UTF-8, replacing invalid sequences instead of failing. */
  public static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
