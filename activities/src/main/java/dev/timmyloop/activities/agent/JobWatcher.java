package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import io.temporal.client.ActivityCanceledException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
   * What decides a job's end.
   *
   * @param profile the job's agent: its exit codes and its end line
   * @param completesOnEndLine whether an end line followed by quiet completes the job
   * @param silenceMillis no output and no worktree change for this long: SILENT; 0 never
   */
  record Rules(AgentProfile profile, boolean completesOnEndLine, long silenceMillis) {}

  /**
   * Sends a heartbeat; throws {@code ActivityCompletionException} when the activity is canceled.
   */
  interface Heartbeat {
    void beat(Progress progress);
  }

  static final long POLL_MILLIS = 150;
  private static final long BEAT_MILLIS = 1000;
  private static final long PANE_CHECK_MILLIS = 2000;

  private final JobControl control;
  private final long turnEndGraceMillis;
  private final long startWindowMillis;

  /**
   * @param turnEndGraceMillis how long a runner may linger after printing its end line with no
   *     further output (only with {@code agentCompletesOnEndLine})
   * @param startWindowMillis how long after sending the runner must have recorded its pid
   */
  JobWatcher(JobControl control, long turnEndGraceMillis, long startWindowMillis) {
    this.control = control;
    this.turnEndGraceMillis = turnEndGraceMillis;
    this.startWindowMillis = startWindowMillis;
  }

  /** One job watched: what has been seen of it so far. */
  final class Watch {
    private final JobFolder job;
    private final JobFolder.Meta meta;
    private final long timeoutMillis;
    private final Rules rules;
    private final EndLineCounter turns;
    private final SilenceWatch silence;
    private long lastPaneCheck = System.currentTimeMillis();

    private Watch(JobFolder job, JobFolder.Meta meta, long timeoutMillis, Rules rules) {
      this.job = job;
      this.meta = meta;
      this.timeoutMillis = timeoutMillis;
      this.rules = rules;
      this.turns = new EndLineCounter(rules.profile().endLine());
      this.silence = new SilenceWatch(job, meta.worktree(), rules.silenceMillis());
    }

    /** Looks once: the job's result when it ended, empty while it runs. */
    Optional<JobResult> step() throws IOException, InterruptedException {
      turns.scan(job.output());
      long now = System.currentTimeMillis();
      boolean paneCheck = now - lastPaneCheck >= PANE_CHECK_MILLIS;
      if (paneCheck) lastPaneCheck = now;
      Optional<JobOutcome> end =
          check(job, meta, timeoutMillis, rules, turns, silence, now, paneCheck);
      if (end.isEmpty()) return Optional.empty();
      turns.scan(job.output());
      control.clearMarker(job, meta.paneId());
      return Optional.of(result(job, meta, end.get(), turns));
    }

    Progress progress() {
      return new Progress(job.jobId, meta.pane(), turns.offset());
    }

    /** The await was canceled: the job is stopped. */
    void canceled() throws InterruptedException {
      log.info("job {}: await canceled, interrupting the job", job.jobId);
      control.interrupt(job, meta.paneId());
    }
  }

  Watch watch(JobFolder job, JobFolder.Meta meta, long timeoutMillis, Rules rules) {
    return new Watch(job, meta, timeoutMillis, rules);
  }

  /** Watches in the calling thread until the job ends. */
  JobResult await(
      JobFolder job, JobFolder.Meta meta, long timeoutMillis, Rules rules, Heartbeat heartbeat)
      throws IOException, InterruptedException {
    Watch watch = watch(job, meta, timeoutMillis, rules);
    long lastBeat = 0;
    while (true) {
      Optional<JobResult> end = watch.step();
      if (end.isPresent()) return end.get();
      long now = System.currentTimeMillis();
      if (now - lastBeat >= BEAT_MILLIS) {
        try {
          heartbeat.beat(watch.progress());
        } catch (ActivityCanceledException e) {
          // Only a real cancel stops the job. A worker shutdown or a lost attempt must leave it
          // running for the retry to re-attach to.
          watch.canceled();
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
      Rules rules,
      EndLineCounter turns,
      SilenceWatch silence,
      long now,
      boolean paneCheck)
      throws InterruptedException {
    Optional<JobOutcome> decided = job.decided();
    if (decided.isPresent()) return decided;
    Optional<JobOutcome> exited = exited(job, rules.profile());
    if (exited.isPresent()) return exited;
    if (now - meta.startedAtMillis() >= timeoutMillis) {
      log.warn("job {}: past its limit of {} s, interrupting", job.jobId, timeoutMillis / 1000);
      return decide(job, meta, JobOutcome.TIMED_OUT);
    }
    // The pid is read once: the runner may write it between two reads.
    OptionalLong pid = job.pid();
    boolean runner = pid.isPresent() && JobControl.runnerAlive(job, pid.getAsLong());
    if (runner
        && rules.completesOnEndLine()
        && turns.endsWithEndLine()
        && quietSince(job.output(), now) >= turnEndGraceMillis) {
      log.info(
          "job {}: end line printed but the agent did not exit; stopping the leftover", job.jobId);
      return decide(job, meta, JobOutcome.COMPLETED);
    }
    if (runner
        && rules.silenceMillis() > 0
        && silence.quietMillis(now, meta.startedAtMillis()) >= rules.silenceMillis()) {
      String why =
          "no output and no change in the worktree for "
              + rules.silenceMillis() / 1000
              + " s; stopping the agent";
      log.warn("job {}: {}", job.jobId, why);
      say(job, "timmy-loop: " + why + " (SILENT)");
      return decide(job, meta, JobOutcome.SILENT);
    }
    if (runner) {
      if (paneCheck && control.inspector().pane(meta.paneId()).map(p -> p.dead()).orElse(true)) {
        return crashed(job, meta, rules, "its pane " + meta.paneId() + " is gone or dead");
      }
      return Optional.empty();
    }
    if (pid.isPresent()) return crashed(job, meta, rules, "its runner exited without an exit code");
    if (now - meta.startedAtMillis() >= startWindowMillis) {
      return crashed(job, meta, rules, "its runner never started in pane " + meta.pane());
    }
    return Optional.empty();
  }

  private static Optional<JobOutcome> exited(JobFolder job, AgentProfile profile) {
    OptionalInt code = job.exitCode();
    if (code.isEmpty()) return Optional.empty();
    return Optional.of(outcome(profile.exit(code.getAsInt())));
  }

  /** What the profile's reading of an exit code means for the job. */
  static JobOutcome outcome(AgentProfile.Exit exit) {
    return switch (exit) {
      case DONE, DIFF_DECIDES -> JobOutcome.COMPLETED;
      case FAILED -> JobOutcome.FAILED;
      case RETRY_LATER -> JobOutcome.RETRY_LATER;
      case UNUSABLE -> JobOutcome.UNUSABLE;
    };
  }

  private Optional<JobOutcome> crashed(JobFolder job, JobFolder.Meta meta, Rules rules, String why)
      throws InterruptedException {
    // The runner may have written its exit code just before it ended.
    Optional<JobOutcome> exited = exited(job, rules.profile());
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

  /** A line in the job's log, so whoever reads it sees why the agent stopped. */
  private static void say(JobFolder job, String line) {
    try {
      Files.write(
          job.output(),
          ("\n" + line + "\n").getBytes(UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("job {}: cannot write to its log: {}", job.jobId, e.getMessage());
    }
  }

  private static long quietSince(Path log, long now) {
    try {
      return now - Files.getLastModifiedTime(log).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static JobResult result(
      JobFolder job, JobFolder.Meta meta, JobOutcome outcome, EndLineCounter turns) {
    OptionalInt code = job.exitCode();
    // An exit code is kept as it is (Claude Code's 1 at its turn limit still completes).
    int exitCode =
        outcome == JobOutcome.COMPLETED && job.decided().isPresent() ? 0 : code.orElse(-1);
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
        turns.endLines(),
        Math.max(0, end - meta.startedAtMillis()),
        job.outputTail(),
        job.output().toString(),
        meta.agent());
  }
}
