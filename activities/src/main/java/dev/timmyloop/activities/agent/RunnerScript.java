package dev.timmyloop.activities.agent;

import static dev.timmyloop.activities.agent.AgentCommand.quote;

import dev.timmyloop.activities.tmux.PaneInspector;
import java.util.List;

/**
 * The job's {@code run.sh}, which the pane runs as its own process ({@code bash --noprofile --norc
 * <jobDir>/run.sh}, see {@code AgentActivitiesImpl.runnerArgv}). Every value in it is single-quoted
 * by us; the prompt is read from {@code prompt.txt} at run time and passed as one argument (a
 * command substitution's result is not parsed again), as the file's path, or on stdin. The agent's
 * environment is not in it: the runner reads it from {@code agent.env} (NUL separated, mode 600),
 * deletes that file and starts the agent under {@code env -i} with it alone.
 */
final class RunnerScript {
  private RunnerScript() {}

  /**
   * @param path the worker's {@code PATH}: the pane's environment is the tmux server's, which may
   *     be older than the worker's
   * @param sandbox words put before the agent's command ({@code bwrap …}); empty for none
   */
  static String render(
      JobFolder job, AgentCommand command, String worktree, String path, List<String> sandbox) {
    StringBuilder s = new StringBuilder();
    s.append("#!/usr/bin/env bash\n");
    s.append("# Written by timmy-loop for agent job ")
        .append(job.jobId)
        .append(". It runs once.\n");
    s.append("JOB=").append(quote(job.dir.toString())).append('\n');
    // mkdir is atomic: a second start of the same runner (by hand, say) stops here, so the agent
    // runs at most once.
    s.append("mkdir \"$JOB/started.d\" 2>/dev/null || exit 0\n");
    // The values stay out of this script, which panes and logs show; the file is gone once read.
    s.append("AGENT_ENV=()\n");
    s.append(
        "if [ -f \"$JOB/agent.env\" ]; then mapfile -d '' -t AGENT_ENV < \"$JOB/agent.env\"; fi\n");
    s.append("rm -f \"$JOB/agent.env\"\n");
    // The end is recorded atomically (temp + mv); an interrupt (C-c, TERM) is recorded too.
    s.append("finish() {\n");
    s.append(
        "  printf '%s\\n"
            + "' \"$1\" > \"$JOB/exit_code.tmp\" && mv -f \"$JOB/exit_code.tmp\""
            + " \"$JOB/exit_code\"\n");
    s.append("  : > \"$JOB/ended\"\n");
    // The pane keeps its last screen (remain-on-exit); this line says how the job ended there, also
    // when tmux misses the exit and shows no #{pane_dead_status}.
    s.append("  printf '\\ntimmy-loop: job %s ended with exit code %s\\n' ")
        .append(quote(job.jobId))
        .append(" \"$1\"\n");
    s.append("  if [ -n \"$TMUX_PANE\" ]; then tmux set-option -p -t \"$TMUX_PANE\" -u ")
        .append(PaneInspector.JOB_OPTION)
        .append(" >/dev/null 2>&1; fi\n");
    s.append("  exit \"$1\"\n");
    s.append("}\n");
    s.append("trap 'finish 130' INT\n");
    s.append("trap 'finish 143' TERM\n");
    s.append("trap 'finish 129' HUP\n");
    // A job already given up (never started in time) must not run late.
    s.append("if [ -e \"$JOB/ended\" ] || [ -e \"$JOB/outcome\" ]; then exit 0; fi\n");
    s.append("printf '%s\\n' \"$$\" > \"$JOB/pid.tmp\" && mv -f \"$JOB/pid.tmp\" \"$JOB/pid\"\n");
    if (path != null && !path.isEmpty()) s.append("export PATH=").append(quote(path)).append('\n');
    s.append("WORKTREE=").append(quote(worktree)).append('\n');
    s.append("PROMPT_FILE=\"$JOB/prompt.txt\"\n");
    s.append("if ! cd \"$WORKTREE\"; then\n");
    s.append("  echo \"timmy-loop: cannot enter $WORKTREE\" >> \"$JOB/output.log\"\n");
    s.append("  finish 126\n");
    s.append("fi\n");
    if (command.usesPrompt()) {
      // The trailing x keeps the prompt's own trailing newlines, which $(...) would strip.
      s.append("PROMPT=\"$(cat \"$PROMPT_FILE\"; printf x)\"\n");
      s.append("PROMPT=\"${PROMPT%x}\"\n");
    }
    s.append("env -i -- \"${AGENT_ENV[@]}\" ");
    for (String word : sandbox) s.append(quote(word)).append(' ');
    s.append(command.shellWords());
    // Never the pane's terminal: an agent that waits for input there would hang unseen.
    s.append(command.promptOnStdin() ? " < \"$PROMPT_FILE\"" : " < /dev/null");
    s.append(" 2>&1 | tee -a \"$JOB/output.log\"\n");
    s.append("finish \"${PIPESTATUS[0]}\"\n");
    return s.toString();
  }
}
