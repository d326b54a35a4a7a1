package dev.timmyloop.activities.agent;

import dev.timmyloop.activities.agent.AgentDoctor.Line;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The host's own programs every job needs (tmux, git) and the test command's program. */
final class HostTools {
  private HostTools() {}

  static final long SECONDS = 10;

  /** tmux hosts the panes and git the worktrees: without either no job can run. */
  static List<Line> required(Map<String, String> worker) {
    return List.of(
        version("tmux", List.of("-V"), "apt-get install tmux", worker),
        version("git", List.of("--version"), "apt-get install git", worker));
  }

  /**
   * A warning only: the tests run in the worktree, where a virtualenv or a script may bring the
   * program the worker's PATH lacks.
   */
  static Line tests(String testCommand, Map<String, String> worker) {
    String program = testCommand.trim().split("\\s+")[0];
    Optional<Path> found = AgentSandbox.onPath(program, worker.getOrDefault("PATH", ""));
    if (found.isPresent())
      return Line.ok("tests", found.get() + " (testCommand: " + testCommand + ")");
    return Line.warning(
        "tests",
        "%s (first word of testCommand '%s') is not on the worker's PATH; fine only when the"
                .formatted(program, testCommand)
            + " worktree brings it");
  }

  private static Line version(
      String program, List<String> args, String install, Map<String, String> worker) {
    Optional<Path> found = AgentSandbox.onPath(program, worker.getOrDefault("PATH", ""));
    if (found.isEmpty()) {
      return Line.problem(
          program, program + " is not on the worker's PATH (install: " + install + ")");
    }
    List<String> argv = new ArrayList<>(List.of(found.get().toString()));
    argv.addAll(args);
    try {
      ProgramRun.Result r = ProgramRun.run(argv, worker, SECONDS);
      if (r.code() != 0) {
        return Line.problem(
            program,
            "%s %s exited %s: %s"
                .formatted(
                    found.get(), String.join(" ", args), r.code(), ProgramRun.head(r.firstLine())));
      }
      return Line.ok(program, ProgramRun.head(r.firstLine()) + ", " + found.get());
    } catch (ProgramRun.Failed e) {
      return Line.problem(
          program, found.get() + " " + String.join(" ", args) + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Line.problem(program, "interrupted");
    }
  }
}
