package dev.timmyloop.activities.agent;

import dev.timmyloop.activities.tmux.PaneInspector;
import dev.timmyloop.activities.tmux.Tmux;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a job's runner process and stops it: INT (what Ctrl-C would send), then TERM, then KILL,
 * each to the runner's process group. Nothing is typed into the pane.
 */
final class JobControl {
  private static final Logger log = LoggerFactory.getLogger(JobControl.class);
  private static final long STEP_MILLIS = 2000;

  private final Tmux tmux;
  private final PaneInspector inspector;

  JobControl(Tmux tmux) {
    this.tmux = tmux;
    this.inspector = new PaneInspector(tmux);
  }

  PaneInspector inspector() {
    return inspector;
  }

  /**
   * True while the job's runner ({@code bash … <jobDir>/run.sh}) runs; a reused pid does not count.
   * A command line read as empty counts as the runner: Linux returns nothing for a moment while the
   * process forks its children, and only a runner that is gone may be called crashed.
   */
  static boolean runnerAlive(JobFolder job) {
    OptionalLong pid = job.pid();
    return pid.isPresent() && runnerAlive(job, pid.getAsLong());
  }

  /** The same for a pid already read (a caller that reads it twice races the runner's start). */
  static boolean runnerAlive(JobFolder job, long pid) {
    if (!PaneInspector.alive(pid)) return false;
    List<String> argv = PaneInspector.cmdline(pid);
    return argv.isEmpty() || argv.contains(job.script().toString());
  }

  /** Stops whatever of the job still runs and frees its pane. Safe to repeat. */
  void interrupt(JobFolder job, String paneId) throws InterruptedException {
    OptionalLong pid = job.pid();
    boolean runner = runnerAlive(job);
    if (runner) {
      log.info("job {}: INT to process group {}", job.jobId, pid.getAsLong());
      signalGroup("INT", pid.getAsLong());
      waitUntil(() -> !runnerAlive(job) && !groupAlive(pid));
    }
    if (pid.isPresent() && groupAlive(pid)) {
      log.info("job {}: TERM to process group {}", job.jobId, pid.getAsLong());
      signalGroup("TERM", pid.getAsLong());
      waitUntil(() -> !groupAlive(pid));
      if (groupAlive(pid)) {
        log.warn("job {}: KILL to process group {}", job.jobId, pid.getAsLong());
        signalGroup("KILL", pid.getAsLong());
        waitUntil(() -> !groupAlive(pid));
      }
    }
    if (!Files.exists(job.ended())) job.write(job.ended(), new byte[0]);
    clearMarker(job, paneId);
  }

  /**
   * Clears the pane's job marker when it still names this job (the runner does it at a normal end).
   */
  void clearMarker(JobFolder job, String paneId) {
    if (paneId.isEmpty()) return;
    inspector
        .pane(paneId)
        .filter(p -> p.jobMarker().equals(job.jobId))
        .ifPresent(p -> tmux.run("set-option", "-p", "-t", paneId, "-u", PaneInspector.JOB_OPTION));
  }

  /**
   * The runner is the pane's process, which tmux starts as a session and group leader: pgid = pid.
   */
  private static boolean groupAlive(OptionalLong pgid) {
    return pgid.isPresent() && PaneInspector.groupAlive(pgid.getAsLong());
  }

  private static void signalGroup(String sig, long pgid) {
    signal("-" + sig, pgid);
  }

  private static boolean signal(String sig, long pgid) {
    if (pgid <= 1) return false;
    try {
      Process p =
          new ProcessBuilder("kill", sig, "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long until = System.currentTimeMillis() + STEP_MILLIS;
    while (!done.getAsBoolean() && System.currentTimeMillis() < until) Thread.sleep(100);
  }
}
