package dev.timmyloop.activities.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configured command ({@code tox -e unit}) into argv words, the way a shell would for
 * plain words and quotes only: {@code '...'} is literal, {@code "..."} honours {@code \"} and
 * {@code \\}, a backslash outside quotes escapes the next character. Nothing is expanded: no
 * variables, globs or {@code $(...)}, because the result goes to ProcessBuilder and never to a
 * shell.
 */
public final class CommandLine {
  private CommandLine() {}

  public static List<String> split(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') quote = 0;
        else word.append(c);
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\'
            && i + 1 < command.length()
            && "\"\\".indexOf(command.charAt(i + 1)) >= 0) {
          word.append(command.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
      } else {
        inWord = true;
        if (c == '\'' || c == '"') quote = c;
        else if (c == '\\' && i + 1 < command.length()) word.append(command.charAt(++i));
        else word.append(c);
      }
    }
    if (quote != 0) throw new IllegalArgumentException("unterminated " + quote + " in: " + command);
    if (inWord) words.add(word.toString());
    return words;
  }
}
