package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.FailureTypes;
import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.git.GitActivities.AddWorktree;
import dev.timmyloop.activities.git.GitActivities.PushOutcome;
import dev.timmyloop.activities.git.GitActivities.PushRequest;
import dev.timmyloop.activities.git.GitActivities.RemoveWorktree;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivities.JobRecord;
import dev.timmyloop.activities.state.StateFileActivities.Release;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.issue.Landing.Ending;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.AgentLabel;
import dev.timmyloop.workflows.support.Hosts;
import dev.timmyloop.workflows.support.Labels;
import dev.timmyloop.workflows.support.LoopMetrics;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Phases 4 and 5 of the old loop for one issue. The claim was taken by Dispatch; this job always
 * drops it.
 *
 * <p>A cancelled job cleans up, then ends CANCELED (see {@link #run}); an activity failure that
 * retrying did not fix ends as a FAILED result with its reason, after the same cleanup.
 */
public class IssueJobImpl implements IssueJob {
  private static final Logger log = Workflow.getLogger(IssueJobImpl.class);
  static final int MAX_ATTEMPTS = 2;

  private final Stubs shared = Stubs.shared();
  private final AgentAttempt agent = new AgentAttempt(this::setStep);

  private String step = "starting";
  private IssueJobInput in;

  /** Where the job runs now; they change when its host is gone and the job moves. */
  private String host;

  private String pane;
  private Holder claim;
  private final HostMove hostMove = new HostMove();
  private String branch;
  private String worktreePath;
  private long pull;
  private int agentRuns;
  private LandResult landResult;
  private JobListeners listeners;
  private String adoptedBefore = ""; // an adoption that came before run() started

  /** Why each attempt was rejected, and what the job saw for the cycle to file. */
  private final List<String> rejections = new ArrayList<>();

  private final List<Finding> findings = new ArrayList<>();
  private String labelAgent = ""; // what the issue's agent: label chose; blank: the configured one

  @Override
  public IssueJobResult run(IssueJobInput input) {
    in = input;
    listeners = new JobListeners(input.claim().cycle(), input.issue());
    listeners.adopt(adoptedBefore);
    claim = input.claim();
    host = Hosts.orHome(input.settings(), claim.host());
    pane = claim.pane();
    long started = Workflow.currentTimeMillis();
    Ending ending;
    ApplicationFailure unusable = null;
    IssueJobResult thrownEnd = null;
    try {
      ending = work();
    } catch (TemporalFailure e) {
      // A cancelled activity surfaces as ActivityFailure caused by CanceledFailure, a cancelled
      // await as CanceledFailure. The SDK closes a workflow whose cancel was requested as CANCELED
      // even when its method returns, so a CANCELLED result would never be seen: rethrow (the
      // finally block has cleaned up by then).
      if (CancellationScope.current().isCancelRequested()) {
        thrownEnd = failedEnd(started, "CANCELED");
        throw e;
      }
      if (e instanceof ApplicationFailure a && FailureTypes.AGENT_UNUSABLE.equals(a.getType())) {
        // An installation error: fail loudly, park only an issue whose label chose the agent.
        thrownEnd = failedEnd(started, "FAILED " + Failures.describe(e));
        setStep("failed: the agent cannot run");
        LoopMetrics.count(LoopMetrics.ISSUES_FAILED, "outcome", "agent_unusable");
        TimmyAttributes.upsertOutcome(in.settings(), "failed");
        unusable = a;
      }
      ending = new Ending(Outcome.FAILED, "", Failures.describe(e));
      Finding runtime =
          unusable != null ? null : Findings.runtime(e, Workflow.getInfo().getWorkflowId());
      if (runtime != null) findings.add(runtime);
    } finally {
      Workflow.newDetachedCancellationScope(this::cleanUp).run();
      IssueJobResult thrown = thrownEnd;
      if (thrown != null)
        Workflow.newDetachedCancellationScope(() -> listeners.ended(thrown)).run();
    }
    if (unusable != null) {
      long took = (Workflow.currentTimeMillis() - started) / 1000;
      UnusableAgent.end(in, labelAgent, label(), took, Findings.unique(withFlaky()), unusable);
      throw unusable;
    }
    setStep("done: " + ending.outcome());
    count(ending.outcome());
    TimmyAttributes.upsertOutcome(in.settings(), ending.outcome().name().toLowerCase(Locale.ROOT));
    long seconds = (Workflow.currentTimeMillis() - started) / 1000;
    List<AgentAttempt.Run> runs = agent.runs();
    List<Finding> seen = Findings.unique(withFlaky());
    boolean landed =
        ending.outcome() == Outcome.LANDED || ending.outcome() == Outcome.MERGED_ELSEWHERE;
    JobEndRecord.write(
        in.settings(),
        new JobRecord(in.cycle(), in.issue(), label(), landed ? "landed" : "failed", seconds),
        seen);
    IssueJobResult result =
        new IssueJobResult(
            in.issue(),
            label(),
            ending.outcome(),
            pull,
            ending.mergeCommitSha(),
            agentRuns,
            Text.tail(ending.reason(), 1000),
            seconds,
            runs.isEmpty() ? "" : runs.get(runs.size() - 1).agent(),
            runs.stream().map(r -> r.outcome().name()).collect(Collectors.joining(" ")),
            runs.stream().mapToLong(AgentAttempt.Run::durationMillis).sum() / 1000,
            seen);
    listeners.ended(result);
    return result;
  }

  /** What a job that ends by throwing reports: FAILED, with how it ended. */
  private IssueJobResult failedEnd(long started, String why) {
    return new IssueJobResult(
        in.issue(),
        label(),
        Outcome.FAILED,
        pull,
        "",
        agentRuns,
        Text.tail(why, 1000),
        (Workflow.currentTimeMillis() - started) / 1000,
        "",
        "",
        0,
        List.of());
  }

  private Ending work() {
    LoopSettings s = in.settings();
    long n = in.issue();
    setStep("reading issue #" + n);
    Issue issue = shared.gitea("read issue #" + n).getIssue(n);
    String title = Prompts.oneLine(issue.title());
    String base = "origin/" + s.baseBranch();
    AgentLabel.Choice choice = AgentLabel.pick(issue.labels());
    labelAgent = choice.agent();
    if (!choice.ignored().isEmpty()) {
      log.info(
          "#{}: ignoring labels {}; running {}",
          n,
          choice.ignored(),
          choice.agent().isEmpty() ? "the configured agent" : choice.agent());
    }
    IssueKind kind = IssueKind.of(title, issue.labels());
    branch = Branches.forIssue(kind, n, title);
    String template = promptTemplate();

    AgentAttempt.Result done = null;
    String feedback = "";
    int rejected = 0;
    String sha = null;
    // An attempt the review or the tests rejected counts against MAX_ATTEMPTS; one cut short
    // because the host's worker is gone moves the job to another host and starts afresh there.
    while (sha == null && rejected < MAX_ATTEMPTS) {
      try {
        Stubs here = Stubs.on(s, host);
        if (worktreePath == null) {
          here.git("fetch").fetch();
          setStep("creating worktree " + branch + where());
          worktreePath =
              here.git("worktree add " + branch).addWorktree(new AddWorktree(branch, base)).path();
        }
        agentRuns++;
        AgentAttempt.Result r =
            agent.run(
                here,
                new AgentAttempt.Request(
                    "issue-" + n + "-" + in.cycle() + "-a" + agentRuns,
                    "#" + n,
                    pane,
                    branch,
                    worktreePath,
                    Prompts.issue(issue, branch, s, feedback, template),
                    base,
                    s.protectedPaths(),
                    s.agentTimeoutSeconds(),
                    "issue-" + n,
                    s.testCommand(),
                    kind.subject(n, title),
                    true,
                    choice.agent(),
                    in.configuredAgent() == null ? "" : in.configuredAgent()));
        if (!r.accepted()) {
          feedback = r.reason();
          rejections.add(feedback);
          rejected++;
          continue;
        }
        done = r;
        setStep("pushing " + branch);
        PushOutcome pushed = here.git("push " + branch).push(new PushRequest(worktreePath, branch));
        if (!pushed.pushed()) {
          // A hook or the server said no: the agent hears why, like a rejected commit.
          feedback = AgentAttempt.pushFeedback(pushed.refused());
          rejections.add(feedback);
          rejected++;
          continue;
        }
        sha = pushed.sha();
      } catch (ActivityFailure e) {
        if (!Hosts.gone(e)) throw e;
        moveToAnotherHost();
      }
    }
    if (sha == null) return giveUp(feedback);

    String prTitle = "[loop-cycle-" + in.cycle() + "] " + kind.subject(n, title);
    String body = "Closes #" + n + "\n\n" + PullText.diffSummary(done.changes());
    String head = branch;
    PullRequest pr =
        shared
            .gitea("find PR of " + head)
            .findPull(s.baseBranch(), head)
            .orElseGet(
                () ->
                    shared
                        .gitea("open PR for #" + n)
                        .createPull(new NewPull(prTitle, body, head, s.baseBranch())));
    pull = pr.number();
    claim = PaneRelease.free(in.settings(), n, claim, listeners);
    String landTitle = pr.title() == null || pr.title().isBlank() ? prTitle : pr.title();
    return new Landing(in, pull, this::setStep, () -> landResult, findings).land(sha, landTitle);
  }

  /**
   * The {@code promptTemplate} file as it is now ("" for the built-in prompt); read by an activity.
   */
  private String promptTemplate() {
    return shared
        .stub(SettingsActivities.class, ActivityProfiles.STATE, "read the prompt template")
        .promptTemplate();
  }

  private Ending giveUp(String lastReason) {
    long n = in.issue();
    setStep("giving up on #" + n);
    Labels.park(
        "#" + n,
        new NewComment(
            n,
            "The loop gave up on this issue after "
                + MAX_ATTEMPTS
                + " agent attempts in cycle "
                + in.cycle()
                + ". The last attempt was rejected:\n\n```\n"
                + Text.tail(lastReason, 3000)
                + "\n```",
            "gave-up-" + n + "-" + in.cycle()));
    var last = agent.lastRun();
    findings.add(
        Findings.gaveUp(
            n,
            rejections,
            last == null ? "" : last.agent(),
            label(),
            last == null ? "" : last.outputTail()));
    return new Ending(Outcome.GAVE_UP, "", lastReason);
  }

  /** Compensation, on every ending: free the pane, remove the worktree, drop the claim. */
  private void cleanUp() {
    setStep("cleaning up");
    agent.cancelRunning();
    if (worktreePath != null) {
      try {
        Stubs.on(in.settings(), host)
            .git("worktree remove " + branch)
            .removeWorktree(new RemoveWorktree(worktreePath, false));
      } catch (ActivityFailure e) {
        log.warn("could not remove worktree {}: {}", worktreePath, e.getMessage());
      }
    }
    try {
      Stubs.home(in.settings())
          .state("release #" + in.issue())
          .release(new Release(in.issue(), claim));
    } catch (ActivityFailure e) {
      log.warn("could not release the claim on #{}: {}", in.issue(), e.getMessage());
    }
  }

  /**
   * The job's host has no worker (schedule-to-start ran out): start afresh on an idle pane of
   * another host. Nothing reaches the lost host, not even the cleanup: its worktree, and an agent
   * that may still run there, are left for that host.
   */
  private void moveToAnotherHost() {
    agent.forget();
    log.warn(
        "#{}: host {} has no worker{}",
        in.issue(),
        host,
        worktreePath == null ? "" : "; worktree " + worktreePath + " left there to remove");
    worktreePath = null;
    setStep("host " + host + " has no worker; looking for a pane elsewhere");
    claim = hostMove.away(in.settings(), in.issue(), host, claim);
    host = claim.host();
    pane = claim.pane();
  }

  private List<Finding> withFlaky() {
    List<Finding> all = new ArrayList<>(agent.flakyTests());
    all.addAll(findings);
    return all;
  }

  /** The pane as the loop shows it: {@code Kimi:0.2}, or {@code Kimi:0.2@b} with several hosts. */
  private String label() {
    return Hosts.label(host, pane);
  }

  private String where() {
    return host.isEmpty() ? "" : " on " + host;
  }

  /** Landed by us, or failed by how; merged elsewhere is neither (nothing of ours landed). */
  private static void count(Outcome outcome) {
    if (outcome == Outcome.LANDED) LoopMetrics.count(LoopMetrics.ISSUES_LANDED);
    else if (outcome != Outcome.MERGED_ELSEWHERE) {
      LoopMetrics.count(
          LoopMetrics.ISSUES_FAILED, "outcome", outcome.name().toLowerCase(Locale.ROOT));
    }
  }

  private void setStep(String now) {
    step = now;
    Workflow.setCurrentDetails(now);
  }

  @Override
  public void listenTo(String cycleWorkflowId) {
    if (listeners == null) adoptedBefore = cycleWorkflowId;
    else listeners.adopt(cycleWorkflowId);
  }

  @Override
  public String step() {
    return step;
  }

  @Override
  public void landed(LandResult result) {
    if (result != null && result.pull() == pull) landResult = result;
  }
}
