package dev.timmyloop.workflows.repair;

import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.git.GitActivities.CheckoutWorktree;
import dev.timmyloop.activities.git.GitActivities.PushRequest;
import dev.timmyloop.activities.git.GitActivities.RebaseOutcome;
import dev.timmyloop.activities.git.GitActivities.RebaseRequest;
import dev.timmyloop.activities.git.GitActivities.RebaseStatus;
import dev.timmyloop.activities.git.GitActivities.RefQuery;
import dev.timmyloop.activities.git.GitActivities.RemoveWorktree;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.tests.TestActivities;
import dev.timmyloop.activities.tests.TestActivities.TestRequest;
import dev.timmyloop.activities.tests.TestActivities.TestRun;
import dev.timmyloop.workflows.findings.Findings;
import dev.timmyloop.workflows.issue.AgentAttempt;
import dev.timmyloop.workflows.issue.Prompts;
import dev.timmyloop.workflows.issue.Prompts.RepairBrief;
import dev.timmyloop.workflows.issue.PullText;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.Labels;
import dev.timmyloop.workflows.support.Stubs;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * Phase 1 of the old loop for one broken PR. A conflict is first rebased mechanically; only what
 * that cannot fix goes to the agent, which merges the base into the branch (it may not rebase) and
 * resolves.
 *
 * <p>Cancellation and activity failures are rethrown after the cleanup: the outcomes of a repair
 * are REPAIRED, PARKED and GONE, and the parent treats a failed or cancelled child as "left
 * broken".
 */
public class PrRepairImpl implements PrRepair {
  private static final Logger log = Workflow.getLogger(PrRepairImpl.class);
  static final int MAX_ATTEMPTS = 2;

  private final Stubs shared = Stubs.shared();

  /** The host of the pane: the worktree, the tests and the agent run there. */
  private Stubs here;

  private final AgentAttempt agent = new AgentAttempt(step -> Workflow.setCurrentDetails(step));

  private RepairInput in;
  private String worktreePath;
  private int attempts;

  /** Why each agent attempt was rejected, for the finding a parked PR files. */
  private final List<String> rejections = new ArrayList<>();

  private final List<Finding> findings = new ArrayList<>();

  /** The end of one push: green, or why not. */
  private record Check(boolean green, String sha, String reason) {}

  @Override
  public RepairResult repair(RepairInput input) {
    in = input;
    here = Stubs.on(input.settings(), input.host());
    try {
      RepairResult result = work();
      TimmyAttributes.upsertOutcome(
          in.settings(), result.outcome().name().toLowerCase(Locale.ROOT));
      return result;
    } finally {
      Workflow.newDetachedCancellationScope(this::cleanUp).run();
    }
  }

  private RepairResult work() {
    LoopSettings s = in.settings();
    String origin = "origin/" + s.baseBranch();
    here.git("fetch").fetch();
    PullRequest pr = readPull();
    if (gone(pr)) return result(Outcome.GONE, pr.headSha(), "merged or closed meanwhile");
    worktreePath =
        here.git("worktree add " + in.headBranch())
            .checkoutWorktree(new CheckoutWorktree(in.headBranch()))
            .path();

    List<String> conflicts = List.of();
    String problem;
    String feedback = "";
    if (in.reason() == Reason.CONFLICT) {
      RebaseOutcome rebased =
          here.git("rebase " + in.headBranch() + " onto " + origin)
              .rebase(new RebaseRequest(worktreePath, origin));
      if (rebased.status() == RebaseStatus.CONFLICT) {
        // The rebase was aborted; the agent gets the files and merges the base into the branch.
        conflicts = rebased.conflictingFiles();
        problem = "The pull request cannot be merged: it conflicts with `" + origin + "`.";
      } else {
        // A clean rebase may be all it takes: test it and push it before waking the agent.
        TestRun tests =
            here.stub(
                    TestActivities.class,
                    ActivityProfiles.TESTS,
                    s.testCommand() + " in " + in.headBranch())
                .runTests(new TestRequest(worktreePath, "pr-" + in.pull()));
        if (tests.passed()) {
          Check check = pushAndCheck();
          if (check.green()) return result(Outcome.REPAIRED, check.sha(), "rebased onto " + origin);
          problem = "The branch was rebased onto `" + origin + "` and pushed. " + check.reason();
        } else {
          problem =
              "The branch was rebased onto `" + origin + "`. " + AgentAttempt.testFeedback(tests);
        }
      }
    } else {
      problem = Prompts.ciProblem(pr.headSha(), ciLog(pr.headSha()));
    }

    for (int k = 1; k <= MAX_ATTEMPTS; k++) {
      attempts = k;
      boolean merging = !conflicts.isEmpty();
      RepairBrief brief =
          new RepairBrief(
              in.pull(), in.title(), in.headBranch(), s.baseBranch(), conflicts, problem);
      AgentAttempt.Result r =
          agent.run(
              here,
              new AgentAttempt.Request(
                  "pr-" + in.pull() + "-" + in.cycle() + "-a" + k,
                  "PR #" + in.pull(),
                  in.pane(),
                  in.headBranch(),
                  worktreePath,
                  Prompts.repair(brief, s, feedback),
                  origin,
                  s.protectedPaths(),
                  s.agentTimeoutSeconds(),
                  "pr-" + in.pull(),
                  s.testCommand(),
                  commitMessage(merging),
                  !merging,
                  "",
                  ""));
      if (!r.accepted()) {
        feedback = r.reason();
        rejections.add(feedback);
        continue;
      }
      if (merging) {
        int behind =
            here.git("behind of " + in.headBranch())
                .refState(new RefQuery(worktreePath, origin))
                .behind();
        if (behind > 0) {
          feedback =
              ("The branch is still %s commits behind `%s`: merge it into the branch as described,"
                      + " resolve, and leave the merge uncommitted.")
                  .formatted(behind, origin);
          rejections.add(feedback);
          continue;
        }
        // The base is in; from here on it is an ordinary CI repair.
        conflicts = List.of();
      }
      if (gone(readPull())) return result(Outcome.GONE, "", "merged or closed meanwhile");
      Check check = pushAndCheck();
      if (check.green()) return result(Outcome.REPAIRED, check.sha(), "");
      feedback = check.reason();
      rejections.add(feedback);
    }
    return park(feedback);
  }

  private Check pushAndCheck() {
    Workflow.setCurrentDetails("pushing " + in.headBranch());
    var pushed =
        here.git("push " + in.headBranch()).push(new PushRequest(worktreePath, in.headBranch()));
    String sha = pushed.sha();
    // A hook or the server refused: the agent hears why, as after red CI.
    if (!pushed.pushed()) return new Check(false, sha, AgentAttempt.pushFeedback(pushed.refused()));
    long limit = in.settings().ciTimeoutSeconds();
    Workflow.setCurrentDetails("awaiting CI on " + sha);
    CombinedStatus ci =
        shared
            .stub(
                GiteaActivities.class,
                ActivityProfiles.GITEA_WAIT,
                "CI on " + (sha.length() > 7 ? sha.substring(0, 7) : sha) + " of PR #" + in.pull())
            .awaitStatus(new AwaitStatus(sha, limit));
    if (ci.green()) return new Check(true, sha, "");
    if (ci.waiting()) {
      return new Check(
          false,
          sha,
          "CI did not finish within %s s on `%s`. If a test hangs or is very slow, fix that."
              .formatted(limit, sha));
    }
    return new Check(
        false, sha, PullText.failingContexts(ci) + "\n\n" + Prompts.ciProblem(sha, ciLog(sha)));
  }

  /**
   * Two repairs failed: say why on the PR and hand it to a person, so it stops blocking the loop.
   */
  private RepairResult park(String lastReason) {
    long n = in.pull();
    Labels.park(
        "PR #" + n,
        new NewComment(
            n,
            "The loop could not repair this PR in %s attempts (cycle %s, %s)."
                    .formatted(MAX_ATTEMPTS, in.cycle(), in.reason())
                + " The last attempt ended with:\n\n```\n"
                + Text.tail(lastReason, 3000)
                + "\n```",
            "repair-parked-" + n + "-" + in.cycle()));
    var last = agent.lastRun();
    findings.add(
        Findings.repairGaveUp(
            n,
            rejections,
            last == null ? "" : last.agent(),
            in.pane(),
            last == null ? "" : last.outputTail()));
    return result(Outcome.PARKED, "", lastReason);
  }

  private String commitMessage(boolean merging) {
    return merging
        ? "fix: resolve conflicts with " + in.settings().baseBranch() + " (#" + in.pull() + ")"
        : "fix: repair CI of #" + in.pull();
  }

  private PullRequest readPull() {
    return shared.gitea("read PR #" + in.pull()).getPull(in.pull());
  }

  private String ciLog(String sha) {
    return shared.gitea("CI log of PR #" + in.pull()).ciFailureLog(sha);
  }

  private static boolean gone(PullRequest pr) {
    return pr.merged() || !"open".equals(pr.state());
  }

  private RepairResult result(Outcome outcome, String sha, String reason) {
    List<Finding> seen = new ArrayList<>(agent.flakyTests());
    seen.addAll(findings);
    return new RepairResult(
        in.pull(), outcome, sha, attempts, Text.tail(reason, 1000), Findings.unique(seen));
  }

  /** Compensation, on every ending: free the pane and remove the worktree. */
  private void cleanUp() {
    agent.cancelRunning();
    if (worktreePath == null) return;
    try {
      here.git("worktree remove " + in.headBranch())
          .removeWorktree(new RemoveWorktree(worktreePath, false));
    } catch (ActivityFailure e) {
      log.warn("could not remove worktree {}: {}", worktreePath, e.getMessage());
    }
  }
}
