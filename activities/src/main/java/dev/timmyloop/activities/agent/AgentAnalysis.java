package dev.timmyloop.activities.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.agent.AgentActivities.AnalysisRequest;
import dev.timmyloop.activities.agent.AgentActivities.AnalysisResult;
import dev.timmyloop.activities.agent.AgentActivities.Proposal;
import dev.timmyloop.activities.process.ProcessRunner;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.ApplicationFailure;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 3: runs the agent as a plain subprocess (argv, no shell, no pane) and parses its proposals.
 */
final class AgentAnalysis {
  private static final Logger log = LoggerFactory.getLogger(AgentAnalysis.class);
  private static final int MAX_OUTPUT_CHARS = 4 * 1024 * 1024;
  private static final int MAX_PROPOSALS = 50;
  private static final int MAX_BODY_CHARS = 16_000;
  private static final int MAX_DROPPED = 50;

  private final TimmyConfig config;
  private final ActivityExecutionContext ctx;
  private final Map<String, String> workerEnv;

  /**
   * @param ctx the activity context for heartbeats, or null outside an activity
   */
  AgentAnalysis(TimmyConfig config, ActivityExecutionContext ctx, Map<String, String> workerEnv) {
    this.config = config;
    this.ctx = ctx;
    this.workerEnv = workerEnv;
  }

  AnalysisResult run(JobFolder job, AnalysisRequest request) {
    if (request.base() == null || request.base().isBlank()) {
      return run(job, request.prompt(), config.repoPath(), null, request.timeoutSeconds());
    }
    try (AnalysisWorktree wt = AnalysisWorktree.create(config, job.jobId, request.base())) {
      return run(
          job, request.prompt() + soulSection(wt.soul()), wt.path(), wt, request.timeoutSeconds());
    }
  }

  static String soulSection(String soul) {
    if (soul.isBlank()) return "\nThe repository has no SOUL.md.\n";
    return "\nSOUL.md (the project's mission), as on main now:\n<<<SOUL\n"
        + soul.strip()
        + "\nSOUL>>>\n";
  }

  /**
   * @param wt the fresh worktree the agent ran in, checked for changes; null when in the clone
   */
  private AnalysisResult run(
      JobFolder job, String promptText, Path repo, AnalysisWorktree wt, long timeoutSeconds) {
    AgentProfile profile = AgentProfiles.forJob(config, "");
    AgentCommand command = new AgentCommand(profile.command());
    byte[] prompt = promptText.getBytes(UTF_8);
    if (command.usesPrompt() && prompt.length > AgentCommand.MAX_ARG_BYTES) {
      throw AgentActivitiesImpl.invalid(
          "the prompt is " + prompt.length + " bytes; use {prompt_file} in agentCommand");
    }
    job.write(job.prompt(), prompt);
    List<String> argv = command.argv(promptText, job.prompt().toString(), repo.toString());
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(Files.isDirectory(repo) ? repo.toFile() : job.dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(job.output().toFile())
            .redirectInput(
                ProcessBuilder.Redirect.from(
                    command.promptOnStdin() ? job.prompt().toFile() : new File("/dev/null")));
    // The same environment as a job's, and nothing more (see AgentEnvironment).
    Path tmp = job.agentDir().resolve("tmp");
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pb.environment().clear();
    pb.environment()
        .putAll(
            AgentEnvironment.build(
                profile, config.agentEnv(), workerEnv, tmp, config.giteaTokenFile()));
    long timeoutMillis =
        timeoutSeconds > 0 ? timeoutSeconds * 1000 : config.agentTimeout().toMillis();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot start the agent '" + argv.get(0) + "': " + e.getMessage(),
          FailureTypes.CONFIG_INVALID);
    }
    int exit = waitFor(p, job, timeoutMillis);
    String output = readOutput(job.output());
    ProposalParser.Parsed parsed = ProposalParser.parse(output);
    if (exit != 0 && parsed.proposals().isEmpty()) {
      throw ApplicationFailure.newFailure(
          "analysis agent exited " + exit + "; output ends: " + Text.tail(output, 1000),
          FailureTypes.AGENT_FAILED);
    }
    List<String> changed = wt == null ? List.of() : wt.changes();
    if (!changed.isEmpty()) {
      // Analysis reads; a change means it did not follow its prompt, and its proposals are not
      // trusted.
      log.warn("analysis {} changed {}; its proposals are dropped", job.jobId, changed);
      return new AnalysisResult(List.of(), List.of(), job.output().toString(), changed);
    }
    List<String> dropped =
        parsed.dropped().stream().limit(MAX_DROPPED).map(d -> Text.head(d, 300)).toList();
    dropped.forEach(d -> log.warn("analysis {}: dropped a proposal: {}", job.jobId, d));
    List<Proposal> proposals =
        parsed.proposals().stream()
            .limit(MAX_PROPOSALS)
            .map(x -> new Proposal(x.kind(), x.title(), Text.head(x.body(), MAX_BODY_CHARS)))
            .toList();
    log.info(
        "analysis {}: {} proposals, {} dropped (exit {})",
        job.jobId,
        proposals.size(),
        dropped.size(),
        exit);
    return new AnalysisResult(proposals, dropped, job.output().toString(), List.of());
  }

  private int waitFor(Process p, JobFolder job, long timeoutMillis) {
    long until = System.currentTimeMillis() + timeoutMillis;
    try {
      while (!p.waitFor(1, TimeUnit.SECONDS)) {
        if (System.currentTimeMillis() >= until) {
          ProcessRunner.killTree(p);
          throw ApplicationFailure.newFailure(
              "analysis " + job.jobId + " ran past " + timeoutMillis / 1000 + " s and was stopped",
              FailureTypes.AGENT_TIMEOUT);
        }
        if (ctx != null) ctx.heartbeat(job.jobId);
      }
      return p.exitValue();
    } catch (ActivityCanceledException e) {
      ProcessRunner.killTree(p);
      throw e;
    } catch (InterruptedException e) {
      ProcessRunner.killTree(p);
      throw ApplicationFailure.newFailure(
          "analysis " + job.jobId + " interrupted", FailureTypes.WORKER_INTERRUPTED);
    }
  }

  private static String readOutput(Path log) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      byte[] buf = new byte[(int) Math.min(f.length(), MAX_OUTPUT_CHARS)];
      f.readFully(buf);
      return Text.utf8(buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
