package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.AwaitStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewComment;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import dev.timmyloop.workflows.merge.LandingPolicy;
import dev.timmyloop.workflows.merge.LandingPolicy.Act;
import dev.timmyloop.workflows.merge.LandingPolicy.Answer;
import dev.timmyloop.workflows.merge.LandingPolicy.CiState;
import dev.timmyloop.workflows.merge.LandingPolicy.PrState;
import dev.timmyloop.workflows.merge.LandingPolicy.Step;
import dev.timmyloop.workflows.merge.LandingRequester;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.phases.Phases.Finding;
import dev.timmyloop.workflows.support.ActivityProfiles;
import dev.timmyloop.workflows.support.Stubs;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Phase 5 for one job's PR: CI on the exact head pushed, then the merge queue; {@link
 * LandingPolicy} decides.
 *
 * @param answer the merge queue's answer, once its signal came
 * @param findings where a failure the queue reports goes
 */
record Landing(
    IssueJobInput in,
    long pull,
    Consumer<String> setStep,
    Supplier<LandResult> answer,
    List<Finding> findings) {
  private static final Stubs shared = Stubs.shared();

  record Ending(Outcome outcome, String mergeCommitSha, String reason) {}

  Ending land(String sha, String landTitle) {
    LoopSettings s = in.settings();
    CombinedStatus ci = null;
    while (true) {
      // Read before and after CI: someone else may merge it meanwhile. Behind its base or not, the
      // queue rebases it, so only CI matters here.
      PrState pr = PrState.of(shared.gitea("PR #" + pull + " merged?").getPull(pull)).compared(0);
      Step step = LandingPolicy.next(pr, CiState.of(ci), 1);
      // Speculative: CI that counts runs on the queue's candidate, so the job enqueues at once.
      if (step == Act.AWAIT_CI && s.speculative()) return throughQueue(sha, landTitle);
      if (step == Act.AWAIT_CI) {
        setStep.accept("awaiting CI on " + sha);
        ci =
            shared
                .stub(
                    GiteaActivities.class,
                    ActivityProfiles.GITEA_WAIT,
                    "CI on " + shortSha(sha) + " of PR #" + pull)
                .awaitStatus(new AwaitStatus(sha, s.ciTimeoutSeconds()));
        continue;
      }
      if (!(step instanceof Answer a)) return throughQueue(sha, landTitle);
      return switch (a.status()) {
        case CI_TIMEOUT ->
            notMerged(
                "ci-timeout",
                "CI did not finish within %s s on %s; not merged."
                        .formatted(s.ciTimeoutSeconds(), sha)
                    + " The next cycle looks at this PR again.");
        case CI_FAILED ->
            notMerged(
                "ci-red",
                "CI failed on %s; not merged. The next cycle repairs it.\n\n%s"
                    .formatted(sha, PullText.failingContexts(ci)));
        default -> ending(a.status(), "", a.why());
      };
    }
  }

  private Ending throughQueue(String sha, String landTitle) {
    LoopSettings s = in.settings();
    setStep.accept("landing PR #" + pull + " through the merge queue");
    String body = "Closes #" + in.issue();
    if (!LandingRequester.landThroughQueue(
        s, pull, sha, landTitle, body, () -> answer.get() != null)) {
      long patience = LandingRequester.patienceSeconds(s);
      return notMerged(
          "queue-timeout", "The merge queue gave no answer within " + patience + " s; not merged.");
    }
    LandResult result = answer.get();
    if (result.failure() != null) findings.add(result.failure());
    return ending(result.status(), result.mergeCommitSha(), result.message());
  }

  /** The job's outcome for the landing's answer; someone else's merge ends the job cleanly. */
  private Ending ending(LandStatus status, String mergeCommitSha, String why) {
    return switch (status) {
      case MERGED -> new Ending(Outcome.LANDED, mergeCommitSha, "");
      case ALREADY_MERGED -> new Ending(Outcome.MERGED_ELSEWHERE, mergeCommitSha, why);
      default ->
          notMerged(
              "land-" + status.name().toLowerCase(Locale.ROOT),
              "The merge queue did not merge this PR: " + status + ". " + why);
    };
  }

  private Ending notMerged(String key, String text) {
    shared
        .gitea("comment on PR #" + pull)
        .comment(new NewComment(pull, text, key + "-" + in.issue() + "-" + in.cycle()));
    return new Ending(Outcome.NOT_MERGED, "", text);
  }

  private static String shortSha(String sha) {
    return sha == null || sha.length() < 7 ? String.valueOf(sha) : sha.substring(0, 7);
  }
}
