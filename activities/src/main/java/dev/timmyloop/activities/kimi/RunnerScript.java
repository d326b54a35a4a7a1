package dev.timmyloop.activities.kimi;

import dev.timmyloop.activities.process.CommandLine;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's {@code run.sh}, written by us. The pane is sent only {@code bash '<dir>/run.sh'}; the prompt
 * travels as a file and reaches the agent as one argument, {@code "$(cat "$JOB/prompt.txt")"}, whose
 * result the shell does not parse again. Every other word is single-quoted.
 */
public final class RunnerScript {
  private RunnerScript() {}

  /**
   * @param template the agent command, e.g. {@code kimi --print -p {prompt} -w {worktree}}
   * @param path the worker's PATH: pane shells are login shells whose profile resets it
   */
  public static String render(JobFolder job, String template, String worktree, String path) {
    List<String> words = new ArrayList<>();
    for (String word : CommandLine.split(template)) {
      if (word.equals("{prompt}")) {
        words.add("\"$(cat \"$JOB/prompt.txt\")\"");
      } else {
        words.add(quote(word.replace("{prompt_file}", job.prompt().toString()).replace("{worktree}", worktree)));
      }
    }
    return String.join(
        "\n",
        "#!/usr/bin/env bash",
        "# timmy-loop job " + job.jobId() + ": generated; names only files of this folder.",
        "JOB=" + quote(job.dir().toString()),
        "echo $$ > \"$JOB/pid.tmp\" && mv -f \"$JOB/pid.tmp\" \"$JOB/pid\"",
        "export PATH=" + quote(path),
        "cd " + quote(worktree) + " || { echo 127 > \"$JOB/exit_code.tmp\"; mv -f \"$JOB/exit_code.tmp\" \"$JOB/exit_code\"; exit 127; }",
        String.join(" ", words) + " < /dev/null 2>&1 | tee -a \"$JOB/output.log\"",
        "code=${PIPESTATUS[0]}",
        "echo \"$code\" > \"$JOB/exit_code.tmp\" && mv -f \"$JOB/exit_code.tmp\" \"$JOB/exit_code\"",
        ": > \"$JOB/ended\"",
        "tmux set-option -p -u -t \"$TMUX_PANE\" @timmy_job 2>/dev/null",
        "exit 0",
        "");
  }

  /** Single-quotes a word for bash: {@code it's} → {@code 'it'\''s'}. */
  public static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
