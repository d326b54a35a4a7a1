package dev.timmyloop.activities.kimi;

import dev.timmyloop.activities.kimi.KimiActivities.JobOutcome;
import dev.timmyloop.activities.kimi.KimiActivities.JobResult;
import io.temporal.client.ActivityCanceledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 5 (poll): watches one job's folder until the job ends. It only reads files and looks at
 * processes, so any number of attempts on any worker can watch the same job; none of them sends it
 * again.
 */
final class JobWatcher {
  private static final Logger log = LoggerFactory.getLogger(JobWatcher.class);

  /** What each heartbeat carries; a retried attempt reads it back and re-attaches. */
  public record Progress(String jobId, String pane, long outputOffset) {}

  /**
   * Sends a heartbeat; throws {@code ActivityCompletionException} when the activity is canceled.
   */
  interface Heartbeat {
    void beat(Progress progress);
  }

  private static final long POLL_MILLIS = 150;
  private static final long BEAT_MILLIS = 1000;
  private static final long PANE_CHECK_MILLIS = 2000;

  private final JobControl control;
  private final long turnEndGraceMillis;
  private final long startWindowMillis;

  /**
   * @param turnEndGraceMillis how long a runner may linger after printing {@code TurnEnd()} with no
   *     further output
   * @param startWindowMillis how long after sending the runner must have recorded its pid
   */
  JobWatcher(JobControl control, long turnEndGraceMillis, long startWindowMillis) {
    this.control = control;
    this.turnEndGraceMillis = turnEndGraceMillis;
    this.startWindowMillis = startWindowMillis;
  }

  JobResult await(JobFolder job, JobFolder.Meta meta, long timeoutMillis, Heartbeat heartbeat)
      throws IOException, InterruptedException {
    TurnEndCounter turns = new TurnEndCounter();
    long lastBeat = 0;
    long lastPaneCheck = System.currentTimeMillis();
    while (true) {
      turns.scan(job.output());
      long now = System.currentTimeMillis();
      boolean paneCheck = now - lastPaneCheck >= PANE_CHECK_MILLIS;
      if (paneCheck) lastPaneCheck = now;
      Optional<JobOutcome> end = check(job, meta, timeoutMillis, turns, now, paneCheck);
      if (end.isPresent()) {
        turns.scan(job.output());
        control.clearMarker(job, meta.paneId());
        return result(job, meta, end.get(), turns);
      }
      if (now - lastBeat >= BEAT_MILLIS) {
        try {
          heartbeat.beat(new Progress(job.jobId, meta.pane(), turns.offset()));
        } catch (ActivityCanceledException e) {
          // Only a real cancel stops the job. A worker shutdown or a lost attempt must leave it
          // running for the retry to re-attach to.
          log.info("job {}: await canceled, interrupting the job", job.jobId);
          control.interrupt(job, meta.paneId());
          throw e;
        }
        lastBeat = now;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  private Optional<JobOutcome> check(
      JobFolder job,
      JobFolder.Meta meta,
      long timeoutMillis,
      TurnEndCounter turns,
      long now,
      boolean paneCheck)
      throws InterruptedException {
    Optional<JobOutcome> decided = job.decided();
    if (decided.isPresent()) return decided;
    Optional<JobOutcome> exited = exited(job);
    if (exited.isPresent()) return exited;
    if (now - meta.startedAtMillis() >= timeoutMillis) {
      log.warn("job {}: past its limit of {} s, interrupting", job.jobId, timeoutMillis / 1000);
      return decide(job, meta, JobOutcome.TIMED_OUT);
    }
    // The pid is read once: the runner may write it between two reads.
    OptionalLong pid = job.pid();
    boolean runner = pid.isPresent() && JobControl.runnerAlive(job, pid.getAsLong());
    if (runner && turns.endsWithTurnEnd() && quietSince(job.output(), now) >= turnEndGraceMillis) {
      log.info(
          "job {}: TurnEnd() printed but the agent did not exit; stopping the leftover", job.jobId);
      return decide(job, meta, JobOutcome.COMPLETED);
    }
    if (runner) {
      if (paneCheck && control.inspector().pane(meta.paneId()).map(p -> p.dead()).orElse(true)) {
        return crashed(job, meta, "its pane " + meta.paneId() + " is gone or dead");
      }
      return Optional.empty();
    }
    if (pid.isPresent()) return crashed(job, meta, "its runner exited without an exit code");
    if (now - meta.startedAtMillis() >= startWindowMillis) {
      return crashed(job, meta, "its runner never started in pane " + meta.pane());
    }
    return Optional.empty();
  }

  private Optional<JobOutcome> exited(JobFolder job) {
    OptionalInt code = job.exitCode();
    if (code.isEmpty()) return Optional.empty();
    return Optional.of(code.getAsInt() == 0 ? JobOutcome.COMPLETED : JobOutcome.FAILED);
  }

  private Optional<JobOutcome> crashed(JobFolder job, JobFolder.Meta meta, String why)
      throws InterruptedException {
    // The runner may have written its exit code just before it ended.
    Optional<JobOutcome> exited = exited(job);
    if (exited.isPresent()) return exited;
    log.warn("job {}: crashed: {}", job.jobId, why);
    return decide(job, meta, JobOutcome.CRASHED);
  }

  /** Records the outcome first, so a retried await reports the same one, then stops the rest. */
  private Optional<JobOutcome> decide(JobFolder job, JobFolder.Meta meta, JobOutcome outcome)
      throws InterruptedException {
    job.decide(outcome);
    control.interrupt(job, meta.paneId());
    return Optional.of(outcome);
  }

  private static long quietSince(Path log, long now) {
    try {
      return now - Files.getLastModifiedTime(log).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static JobResult result(
      JobFolder job, JobFolder.Meta meta, JobOutcome outcome, TurnEndCounter turns) {
    OptionalInt code = job.exitCode();
    int exitCode =
        switch (outcome) {
          case COMPLETED -> job.decided().isPresent() ? 0 : code.orElse(0);
          default -> code.orElse(-1);
        };
    long end = System.currentTimeMillis();
    try {
      if (Files.exists(job.ended())) end = Files.getLastModifiedTime(job.ended()).toMillis();
    } catch (IOException e) {
      // keep now
    }
    return new JobResult(
        job.jobId,
        meta.pane(),
        outcome,
        exitCode,
        turns.turnEnds(),
        Math.max(0, end - meta.startedAtMillis()),
        job.outputTail(),
        job.output().toString(),
        meta.agent());
  }
}
