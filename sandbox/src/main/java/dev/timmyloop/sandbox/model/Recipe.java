package dev.timmyloop.sandbox.model;

import java.util.Objects;

/**
 * What the scripted model does for every prompt. A tool-using CLI is asked, on its first turn, to
 * run {@link #command()} with its own shell tool, and told "Done." once the tool's result comes
 * back; aider (no tools) gets a whole-file edit of {@link #file()} with {@link #content()}.
 *
 * @param kind which behaviour
 * @param command the shell command asked for (EDIT and STEERED), run in the worktree when one is
 *     found
 * @param file the file an EDIT writes, relative to the worktree; null otherwise
 * @param content what an EDIT writes; null otherwise
 * @param status the HTTP status a FAILING model answers with; 0 otherwise
 */
public record Recipe(Kind kind, String command, String file, String content, int status) {
  /** The behaviours. */
  public enum Kind {
    /**
     * Writes {@code file} with {@code content}, through the CLI's shell tool or aider's edit
     * format.
     */
    EDIT,
    /** Answers every model call with an HTTP error. */
    FAILING,
    /** Accepts the connection and never answers (for watchdogs). */
    SILENT,
    /** Asks the CLI to run an arbitrary shell command (to show a sandbox refuses it). */
    STEERED
  }

  public Recipe {
    Objects.requireNonNull(kind, "kind");
  }

  /** Writes {@code content} to {@code file} (relative to the worktree) with {@code printf}. */
  public static Recipe edit(String file, String content) {
    String cmd = "printf '%s' " + shellQuote(content) + " > " + shellQuote(file);
    return new Recipe(Kind.EDIT, cmd, file, content, 0);
  }

  /** Every model call answers {@code status} (e.g. 500 or 404) with the wire's error body. */
  public static Recipe failing(int status) {
    if (status < 400 || status > 599)
      throw new IllegalArgumentException("not an error status: " + status);
    return new Recipe(Kind.FAILING, null, null, null, status);
  }

  /** Every model call is accepted and never answered until the server closes. */
  public static Recipe silent() {
    return new Recipe(Kind.SILENT, null, null, null, 0);
  }

  /**
   * Asks the CLI to run {@code command} as given (e.g. reading a token file outside the worktree).
   */
  public static Recipe steered(String command) {
    return new Recipe(Kind.STEERED, Objects.requireNonNull(command, "command"), null, null, 0);
  }

  /** POSIX single-quoting: the text comes through the shell unchanged. */
  public static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
