package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.uber.m3.tally.Scope;
import dev.timmyloop.activities.ActivityMetrics;
import dev.timmyloop.activities.BackgroundWaits;
import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.tmux.PaneInspector;
import dev.timmyloop.activities.tmux.Tmux;
import dev.timmyloop.activities.tmux.TmuxSession;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 4 (dispatch) and phase 5 (poll) in tmux panes; phase 3's analysis as a plain subprocess.
 */
public class AgentActivitiesImpl implements AgentActivities {
  private static final Logger log = LoggerFactory.getLogger(AgentActivitiesImpl.class);

  private final TimmyConfig config;
  private final Tmux tmux;
  private final TmuxSession session;
  private final JobControl control;
  private final JobWatcher watcher;
  private final Map<String, String> workerEnv;
  private final AgentSandbox sandbox;
  private final BackgroundWaits waits;

  /** How often a background await looks at a job (a slower pace than in-thread, for many panes). */
  public static final long BACKGROUND_POLL_MILLIS = 250;

  public AgentActivitiesImpl(TimmyConfig config) {
    this(config, Tmux.forConfig(config));
  }

  public AgentActivitiesImpl(TimmyConfig config, Tmux tmux) {
    this(config, tmux, System.getenv());
  }

  /**
   * @param workerEnv the environment agents take their variables from (the worker's own)
   */
  public AgentActivitiesImpl(TimmyConfig config, Tmux tmux, Map<String, String> workerEnv) {
    this(config, tmux, workerEnv, null);
  }

  /**
   * @param waits where job awaits go so that they hold no activity slot; null awaits in the
   *     activity's own thread
   */
  public AgentActivitiesImpl(
      TimmyConfig config, Tmux tmux, Map<String, String> workerEnv, BackgroundWaits waits) {
    this.waits = waits;
    this.config = config;
    this.tmux = tmux;
    this.workerEnv = Map.copyOf(workerEnv);
    this.sandbox = new AgentSandbox(config.agentSandbox(), this.workerEnv);
    this.session = new TmuxSession(tmux, config.tmuxSession(), config.panes());
    this.control = new JobControl(tmux);
    this.watcher = new JobWatcher(control, 3_000, 60_000);
  }

  @Override
  public JobTicket dispatch(JobRequest request) {
    JobFolder job = folder(request.jobId());
    if (job.sent()) return alreadySent(job, request);
    Path worktree = Path.of(request.worktreePath()).toAbsolutePath().normalize();
    if (!Files.isDirectory(worktree)) throw invalid("worktree " + worktree + " does not exist");
    AgentProfile profile = valid(() -> AgentProfiles.forJob(config, request.agent()));
    if (profile.command().isBlank()) {
      throw invalid("agent " + profile.name() + " needs agentCommand (TIMMY_AGENT_COMMAND)");
    }
    Optional<String> bwrap = sandboxProgram();
    if (bwrap.isPresent()) profile = AgentProfiles.insideBwrap(profile, config);
    AgentCommand command = new AgentCommand(profile.command());
    byte[] prompt = request.prompt().getBytes(UTF_8);
    if (command.usesPrompt() && prompt.length > AgentCommand.MAX_ARG_BYTES) {
      throw invalid(
          ("the prompt is %s bytes; one argument holds at most %s"
                  + " (use {prompt_file} in agentCommand)")
              .formatted(prompt.length, AgentCommand.MAX_ARG_BYTES));
    }
    PaneInspector.Pane pane = freePane(request.pane());
    job.write(job.prompt(), prompt);
    Path tmp = job.agentDir().resolve("tmp");
    List<String> prefix;
    try {
      Files.createDirectories(tmp);
      prefix =
          bwrap.isEmpty()
              ? List.of()
              : AgentSandbox.command(bwrap.get(), layout(job, worktree, profile, command));
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
    Map<String, String> env =
        AgentEnvironment.build(profile, config.agentEnv(), workerEnv, tmp, config.giteaTokenFile());
    job.write(job.agentEnv(), AgentEnvironment.nulSeparated(env));
    String script =
        RunnerScript.render(job, command, worktree.toString(), workerEnv.get("PATH"), prefix);
    job.write(job.script(), script.getBytes(UTF_8));
    job.writeMeta(
        new JobFolder.Meta(
            job.jobId,
            request.pane(),
            pane.id(),
            worktree.toString(),
            System.currentTimeMillis(),
            profile.name()));
    // The marker goes first: whatever happens next, no attempt sends the job a second time.
    if (!job.markSent()) return alreadySent(job, request);
    tmux.check("set-option", "-p", "-t", pane.id(), PaneInspector.JOB_OPTION, job.jobId);
    session.start(pane.id(), worktree.toString(), runnerArgv(job));
    log.info("job {}: started in pane {} ({})", job.jobId, request.pane(), pane.id());
    return new JobTicket(job.jobId, request.pane(), job.dir.toString(), false);
  }

  private Optional<String> sandboxProgram() {
    try {
      return sandbox.program();
    } catch (IllegalStateException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureTypes.AGENT_SANDBOX_MISSING);
    }
  }

  private AgentSandbox.Layout layout(
      JobFolder job, Path worktree, AgentProfile profile, AgentCommand command) {
    String home = workerEnv.get("HOME");
    return new AgentSandbox.Layout(
        worktree,
        job.agentDir(),
        command.usesPromptFile() ? job.prompt() : null,
        home == null || home.isBlank() ? null : Path.of(home),
        profile.homeDirs(),
        config.giteaTokenFile(),
        config.stateDir().toAbsolutePath(),
        config.worktreeRoot().toAbsolutePath());
  }

  /**
   * The pane's process for a job: bash with no profile or rc file running our own runner script.
   * Nothing is typed, so the user's shell start-up cannot delay or swallow it.
   */
  static List<String> runnerArgv(JobFolder job) {
    return List.of(TmuxSession.bash(), "--noprofile", "--norc", job.script().toString());
  }

  @Override
  public JobResult awaitJob(AwaitRequest request) {
    JobFolder job = folder(request.jobId());
    JobFolder.Meta meta =
        job.meta()
            .filter(m -> job.sent())
            .orElseThrow(() -> invalid("job " + job.jobId + " was never dispatched"));
    ActivityExecutionContext ctx = context();
    if (ctx != null) {
      ctx.getHeartbeatDetails(JobWatcher.Progress.class)
          .ifPresent(
              p ->
                  log.info(
                      "job {}: re-attaching at output offset {}", job.jobId, p.outputOffset()));
    }
    long timeoutMillis =
        request.timeoutSeconds() > 0
            ? request.timeoutSeconds() * 1000
            : config.agentTimeout().toMillis();
    if (ctx != null && waits != null) {
      waits.start(ctx, new JobWait(watcher.watch(job, meta, timeoutMillis, rules(meta)), ctx));
      return null;
    }
    try {
      JobResult result =
          watcher.await(
              job, meta, timeoutMillis, rules(meta), ctx == null ? p -> {} : ctx::heartbeat);
      recordDuration(ActivityMetrics.scope(), result);
      return result;
    } catch (InterruptedException e) {
      // The worker is stopping. The job keeps running; the retry re-attaches. The interrupt flag is
      // not restored: this attempt ends here, and the SDK must still be able to report it.
      throw ApplicationFailure.newFailure(
          "await of job " + job.jobId + " interrupted; the job keeps running",
          FailureTypes.WORKER_INTERRUPTED);
    } catch (IOException e) {
      throw Activity.wrap(e);
    }
  }

  private static void recordDuration(Scope scope, JobResult result) {
    ActivityMetrics.time(
        scope,
        ActivityMetrics.AGENT_JOB_DURATION,
        result.durationMillis() * 1_000_000,
        "pane",
        result.pane(),
        "outcome",
        result.outcome().name().toLowerCase(Locale.ROOT));
  }

  /** An agent job awaited in the background: one thread per host watches every running job. */
  private static final class JobWait implements BackgroundWaits.Wait {
    private final JobWatcher.Watch watch;
    private final Scope metrics;

    JobWait(JobWatcher.Watch watch, ActivityExecutionContext ctx) {
      this.watch = watch;
      this.metrics = ctx.getMetricsScope();
    }

    @Override
    public Optional<Object> check() throws IOException, InterruptedException {
      Optional<JobResult> end = watch.step();
      end.ifPresent(result -> recordDuration(metrics, result));
      return end.map(result -> result);
    }

    @Override
    public long nextCheckMillis() {
      return BACKGROUND_POLL_MILLIS;
    }

    @Override
    public Object progress() {
      return watch.progress();
    }

    @Override
    public void canceled() {
      try {
        watch.canceled();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void cancelJob(String jobId) {
    JobFolder job = folder(jobId);
    Optional<JobFolder.Meta> meta = job.meta();
    if (!job.sent() || meta.isEmpty()) return;
    if (job.exitCode().isPresent()) {
      control.clearMarker(job, meta.get().paneId());
      return;
    }
    try {
      log.info("job {}: canceling", jobId);
      control.interrupt(job, meta.get().paneId());
    } catch (InterruptedException e) {
      throw ApplicationFailure.newFailure(
          "cancel of job " + jobId + " interrupted", FailureTypes.WORKER_INTERRUPTED);
    }
  }

  @Override
  public AnalysisResult analyze(AnalysisRequest request) {
    return new AgentAnalysis(config, context(), workerEnv).run(folder(request.jobId()), request);
  }

  /**
   * A pane that exists and is free (see {@link PaneInspector#free}); creates the session when the
   * pane is missing. A pane where a person runs something is refused, never taken over.
   */
  private PaneInspector.Pane freePane(String target) {
    PaneInspector inspector = control.inspector();
    Optional<PaneInspector.Pane> pane = valid(() -> inspector.pane(target));
    if (pane.isEmpty()) {
      session.ensure();
      pane = inspector.pane(target);
    }
    if (pane.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "pane " + target + " not found on " + tmux.describe() + " after ensureSession",
          FailureTypes.TMUX_UNAVAILABLE);
    }
    if (!PaneInspector.free(pane.get())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "pane " + target + " (" + pane.get().id() + ") is busy running " + pane.get().command(),
          FailureTypes.PANE_BUSY);
    }
    return pane.get();
  }

  private JobTicket alreadySent(JobFolder job, JobRequest request) {
    log.info("job {}: already sent by an earlier attempt; not sending again", job.jobId);
    String pane = job.meta().map(JobFolder.Meta::pane).orElse(request.pane());
    return new JobTicket(job.jobId, pane, job.dir.toString(), true);
  }

  /** A job's rules come from the profile it was sent with; older folders name none. */
  private JobWatcher.Rules rules(JobFolder.Meta meta) {
    AgentProfile profile;
    try {
      profile = AgentProfiles.forJob(config, meta.agent());
    } catch (IllegalArgumentException e) {
      profile = AgentProfiles.forJob(config, "");
    }
    return new JobWatcher.Rules(
        profile, config.agentCompletesOnEndLine(), config.agentSilence().toMillis());
  }

  private JobFolder folder(String jobId) {
    return valid(() -> JobFolder.of(config.jobsDir(), jobId));
  }

  /** What {@code body} returns; its IllegalArgumentException fails the job as invalid. */
  private static <T> T valid(Supplier<T> body) {
    try {
      return body.get();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_AGENT_JOB);
  }

  /** The activity context, or null when called outside an activity (plain tests). */
  static ActivityExecutionContext context() {
    try {
      return Activity.getExecutionContext();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
