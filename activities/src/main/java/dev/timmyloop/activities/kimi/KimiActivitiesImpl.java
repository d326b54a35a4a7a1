package dev.timmyloop.activities.kimi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.process.CommandLine;
import dev.timmyloop.activities.process.Heartbeat;
import dev.timmyloop.activities.process.ProcessResult;
import dev.timmyloop.activities.process.ProcessRunner;
import dev.timmyloop.activities.process.ProcessSpec;
import dev.timmyloop.activities.tmux.Panes;
import dev.timmyloop.activities.tmux.Tmux;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class KimiActivitiesImpl implements KimiActivities {
  private static final Logger log = LoggerFactory.getLogger(KimiActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration POLL = Duration.ofMillis(100);
  static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);
  /** After a TurnEnd() the CLI should exit; if it lingers this long, the turn counts as the end. */
  static final Duration TURN_END_GRACE = Duration.ofSeconds(3);
  /** How long a sent job may take to start its runner (pane shells start slowly). */
  static final Duration START_GRACE = Duration.ofSeconds(60);

  private final TimmyConfig config;
  private final Tmux tmux;

  public KimiActivitiesImpl(TimmyConfig config) {
    this.config = config;
    this.tmux = new Tmux(config.tmuxSocket());
  }

  @Override
  public JobTicket dispatch(JobRequest request) {
    JobFolder job = JobFolder.of(config.jobsDir(), request.jobId());
    if (Files.exists(job.sent())) {
      log.info("job {} was already sent to {}; not sending again", job.jobId(), request.pane());
      return new JobTicket(job.jobId(), request.pane(), job.dir().toString(), true);
    }
    PaneStatus pane = pane(request.pane());
    if (!pane.idle() || !pane.jobId().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "pane " + request.pane() + " is busy (" + pane.currentCommand() + ", job '" + pane.jobId() + "')", "PaneBusy");
    }
    try {
      Files.createDirectories(job.dir());
      Files.writeString(job.prompt(), request.prompt(), StandardCharsets.UTF_8);
      Files.writeString(
          job.meta(),
          JSON.writeValueAsString(
              Map.of("jobId", job.jobId(), "pane", request.pane(), "paneId", pane.paneId(),
                  "worktree", request.worktreePath(), "startedAt", System.currentTimeMillis())));
      Files.writeString(
          job.runner(),
          RunnerScript.render(job, config.agentCommand(), request.worktreePath(), System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
      Files.createFile(job.sent());
    } catch (FileAlreadyExistsException raced) {
      return new JobTicket(job.jobId(), request.pane(), job.dir().toString(), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write job folder " + job.dir(), e);
    }
    tmux.check("set-option", "-p", "-t", pane.paneId(), Panes.JOB_OPTION, job.jobId());
    // The only text ever typed: a fixed command naming our own file, sent literally, then Enter.
    tmux.check("send-keys", "-t", pane.paneId(), "-l", "bash " + RunnerScript.quote(job.runner().toString()));
    tmux.check("send-keys", "-t", pane.paneId(), "Enter");
    log.info("job {} sent to {} ({})", job.jobId(), request.pane(), pane.paneId());
    return new JobTicket(job.jobId(), request.pane(), job.dir().toString(), false);
  }

  private PaneStatus pane(String target) {
    List<PaneStatus> panes = TmuxActivitiesImpl.ensure(tmux, config).panes();
    return panes.stream()
        .filter(p -> p.target().equals(target) || p.paneId().equals(target))
        .findFirst()
        .orElseThrow(
            () -> ApplicationFailure.newNonRetryableFailure(
                "no pane " + target + " in session " + config.tmuxSession() + " (panes: " + config.panes() + ")",
                "PaneBusy"));
  }

  @Override
  public JobResult awaitJob(AwaitRequest request) {
    JobFolder job = JobFolder.of(config.jobsDir(), request.jobId());
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long offset = ctx.getHeartbeatDetails(Long.class).orElse(0L);
    JobWatcher watcher = new JobWatcher(job, offset);
    long started = startedAt(job);
    long deadline = started + Duration.ofSeconds(request.timeoutSeconds()).toMillis();
    long firstTurnEnd = 0;
    long nextBeat = 0;
    while (true) {
      watcher.poll();
      Optional<Integer> code = job.exitCode();
      long now = System.currentTimeMillis();
      if (code.isPresent()) {
        return result(job, request, JobWatcher.outcomeOf(code.get()), code.get(), watcher, started);
      }
      if (watcher.turnEnds() > 0 && firstTurnEnd == 0) firstTurnEnd = now;
      if (firstTurnEnd > 0 && now - firstTurnEnd > TURN_END_GRACE.toMillis()) {
        interrupt(job, request.pane());
        return result(job, request, JobOutcome.COMPLETED, 0, watcher, started);
      }
      if (now > deadline) {
        interrupt(job, request.pane());
        return result(job, request, JobOutcome.TIMED_OUT, -1, watcher, started);
      }
      if (crashed(job, now, started)) {
        return result(job, request, JobOutcome.CRASHED, -1, watcher, started);
      }
      if (now >= nextBeat) {
        try {
          ctx.heartbeat(watcher.offset());
        } catch (ActivityCompletionException cancelled) {
          // The workflow was cancelled (or this attempt timed out): stop the job, then let go.
          interrupt(job, request.pane());
          throw cancelled;
        }
        nextBeat = now + HEARTBEAT_EVERY.toMillis();
      }
      sleep(POLL);
    }
  }

  /** No exit code, and the runner is gone (or never started within the grace). */
  private static boolean crashed(JobFolder job, long now, long started) {
    Optional<Long> pid = job.pid();
    boolean gone =
        pid.isPresent()
            ? ProcessHandle.of(pid.get()).map(ph -> !ph.isAlive()).orElse(true)
            : now - started > START_GRACE.toMillis();
    // The runner writes its exit code just before it exits: look once more.
    return gone && job.exitCode().isEmpty();
  }

  private JobResult result(JobFolder job, AwaitRequest r, JobOutcome outcome, int code, JobWatcher w, long started) {
    log.info("job {} on {} ended: {} (exit {}, {} TurnEnd)", job.jobId(), r.pane(), outcome, code, w.turnEnds());
    return new JobResult(
        job.jobId(), r.pane(), outcome, code, w.turnEnds(), System.currentTimeMillis() - started,
        job.outputTail(Text.TAIL_BYTES), job.output().toString());
  }

  private static long startedAt(JobFolder job) {
    try {
      return JSON.readTree(job.meta().toFile()).path("startedAt").asLong(System.currentTimeMillis());
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "job " + job.jobId() + " was never dispatched (no " + job.meta() + ")", "UnknownJob");
    }
  }

  @Override
  public void cancelJob(String jobId) {
    JobFolder job = JobFolder.of(config.jobsDir(), jobId);
    if (!Files.exists(job.sent()) || job.exitCode().isPresent()) return;
    String pane = "";
    try {
      pane = JSON.readTree(job.meta().toFile()).path("paneId").asText("");
    } catch (IOException e) {
      // No metadata: only the process group can be stopped.
    }
    interrupt(job, pane);
  }

  /** Ctrl-C in the pane, then TERM and KILL to the runner's process group; records exit code 130. */
  private void interrupt(JobFolder job, String pane) {
    if (job.exitCode().isPresent()) return;
    if (!pane.isEmpty()) tmux.call("send-keys", "-t", pane, "C-c");
    Optional<Long> pid = job.pid();
    if (pid.isPresent()) {
      waitGone(pid.get(), Duration.ofSeconds(2));
      signalGroup(pid.get(), "-TERM");
      if (!waitGone(pid.get(), Duration.ofSeconds(3))) signalGroup(pid.get(), "-KILL");
    }
    if (job.exitCode().isEmpty()) JobFolder.writeAtomically(job.exitCodeFile(), "130\n");
    if (!pane.isEmpty()) tmux.call("set-option", "-p", "-u", "-t", pane, Panes.JOB_OPTION);
    log.warn("job {} interrupted", job.jobId());
  }

  private static void signalGroup(long pid, String signal) {
    new ProcessRunner().run(ProcessSpec.of(java.nio.file.Path.of("/"), List.of("kill", signal, "--", "-" + pid)));
  }

  private static boolean waitGone(long pid, Duration limit) {
    long until = System.currentTimeMillis() + limit.toMillis();
    while (System.currentTimeMillis() < until) {
      if (ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true)) return true;
      sleep(Duration.ofMillis(100));
    }
    return false;
  }

  @Override
  public AnalysisResult analyze(AnalysisRequest request) {
    JobFolder job = JobFolder.of(config.jobsDir(), request.jobId());
    List<String> argv = new ArrayList<>();
    try {
      Files.createDirectories(job.dir());
      Files.writeString(job.prompt(), request.prompt(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String repo = config.repoPath().toString();
    for (String word : CommandLine.split(config.agentCommand())) {
      argv.add(word.equals("{prompt}") ? request.prompt()
          : word.replace("{prompt_file}", job.prompt().toString()).replace("{worktree}", repo));
    }
    ProcessResult run =
        new ProcessRunner().run(
            ProcessSpec.of(config.repoPath(), argv)
                .withMergedStderr()
                .withTimeout(Duration.ofSeconds(request.timeoutSeconds()))
                .withLogFile(job.output())
                .withHeartbeat(Heartbeat.ACTIVITY, Duration.ofSeconds(5)));
    ProposalParser.Parsed parsed = ProposalParser.parse(run.out());
    if (!run.ok()) parsed.dropped().add(0, "agent exited " + run.exitCode() + (run.timedOut() ? " (timed out)" : ""));
    parsed.dropped().forEach(d -> log.warn("analysis {}: dropped {}", job.jobId(), d));
    return new AnalysisResult(parsed.proposals(), parsed.dropped(), job.output().toString());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }
}
