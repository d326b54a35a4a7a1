package dev.timmyloop.activities.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent command template ({@code kimi --print -p {prompt} -w {worktree}}), split on whitespace
 * into words. {@code {prompt}} becomes one argument holding the whole prompt, {@code {prompt_file}}
 * the path of the prompt file, {@code {worktree}} the worktree path; a placeholder may sit inside a
 * word ({@code --prompt-file={prompt_file}}).
 */
final class AgentCommand {
  /** Linux's limit for one argv string (MAX_ARG_STRLEN, 32 pages, including the trailing NUL). */
  static final int MAX_ARG_BYTES = 128 * 1024 - 1;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(prompt|prompt_file|worktree)\\}");

  private final List<String> words;

  AgentCommand(String template) {
    this.words = List.of(template.trim().split("\\s+"));
    if (template.isBlank()) throw new IllegalArgumentException("the agent command is empty");
  }

  boolean usesPrompt() {
    return words.stream().anyMatch(w -> w.contains("{prompt}"));
  }

  boolean usesPromptFile() {
    return words.stream().anyMatch(w -> w.contains("{prompt_file}"));
  }

  /** True when no placeholder names the prompt: the agent reads it on its standard input. */
  boolean promptOnStdin() {
    return words.stream().noneMatch(w -> w.contains("{prompt}") || w.contains("{prompt_file}"));
  }

  /** The argv for running the agent directly (analysis), with every placeholder filled in. */
  List<String> argv(String prompt, String promptFile, String worktree) {
    return fill(s -> s, prompt, promptFile, worktree);
  }

  /**
   * The command as shell words for the runner script: literal text single-quoted, placeholders as
   * the double-quoted variables {@code $PROMPT}, {@code $PROMPT_FILE} and {@code $WORKTREE}, which
   * the shell expands exactly once and never re-parses.
   */
  String shellWords() {
    return String.join(
        " ", fill(AgentCommand::quote, "\"$PROMPT\"", "\"$PROMPT_FILE\"", "\"$WORKTREE\""));
  }

  /** Each word with its literal parts through {@code literal} and its placeholders filled in. */
  private List<String> fill(
      UnaryOperator<String> literal, String prompt, String promptFile, String worktree) {
    List<String> out = new ArrayList<>();
    for (String word : words) {
      StringBuilder sb = new StringBuilder();
      Matcher m = PLACEHOLDER.matcher(word);
      int at = 0;
      while (m.find()) {
        if (m.start() > at) sb.append(literal.apply(word.substring(at, m.start())));
        sb.append(
            switch (m.group(1)) {
              case "prompt" -> prompt;
              case "prompt_file" -> promptFile;
              default -> worktree;
            });
        at = m.end();
      }
      if (at < word.length() || sb.length() == 0) sb.append(literal.apply(word.substring(at)));
      out.add(sb.toString());
    }
    return out;
  }

  /** Single-quotes {@code s} for a POSIX shell: nothing inside is expanded. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
