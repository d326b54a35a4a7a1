package dev.timmyloop.activities.gitea;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Optional;

/**
 * The configured Gitea repository ({@code giteaOwner/giteaRepo}) through its REST API.
 *
 * <p>Expected answers are values ({@link MergeOutcome}, {@link UpdateOutcome}); 5xx, 429 and
 * network errors throw retryable failures; 401/403 ({@code GiteaAuth}), 404, 422 and malformed JSON
 * throw non-retryable ones carrying the server's message. No result or failure ever carries the
 * token.
 */
@ActivityInterface(namePrefix = "Gitea.")
public interface GiteaActivities {

  /**
   * An issue. {@code body} is cut to {@link #MAX_BODY_CHARS}; {@code bodyTruncated} says so.
   *
   * @param createdAt ISO-8601, as Gitea gives it
   * @param state open or closed
   * @param pull true when the number is a pull request's (the issues endpoint answers for both)
   */
  record Issue(
      long number,
      String title,
      String body,
      boolean bodyTruncated,
      List<String> labels,
      String createdAt,
      String htmlUrl,
      String state,
      boolean pull) {}

  /**
   * Something the loop saw, to be filed as an issue once per {@code signature}.
   *
   * @param signature a stable hash; the body gets a hidden marker {@code <!-- timmy-finding: sig
   *     -->}
   */
  record NewFinding(String signature, String title, String body, List<String> labels) {}

  /**
   * @param filed true when an issue was created now; false when an open one already had the
   *     signature
   */
  record FindingIssue(long number, boolean filed) {}

  /** One status as it was posted on a sha; {@code state}: pending, success, failure, error. */
  /**
   * One status as posted. A run that a later push superseded is posted {@code failure} with a
   * description such as "Has been cancelled" (Gitea Actions cancels the unfinished runs of a branch
   * on a push): {@link #cancelled}.
   */
  record PostedStatus(String context, String state, String description) {
    public boolean cancelled() {
      String d = description == null ? "" : description.toLowerCase(java.util.Locale.ROOT);
      return d.contains("has been cancelled")
          || d.startsWith("canceled")
          || d.startsWith("cancelled");
    }
  }

  /** Issue bodies longer than this are cut in results (history stays small). */
  int MAX_BODY_CHARS = 64 * 1024;

  record NewIssue(String title, String body, List<String> labels) {}

  /**
   * @param mergeable Gitea's own view; false also when it has not computed it yet
   * @param merged true once merged (also by someone else)
   * @param body cut to {@link #PULL_BODY_CHARS} (it is read for closing keywords); null in
   *     histories recorded before it was carried
   */
  record PullRequest(
      long number,
      String title,
      String state,
      String headBranch,
      String headSha,
      String baseBranch,
      boolean mergeable,
      boolean merged,
      String mergeCommitSha,
      List<String> labels,
      String htmlUrl,
      String body) {}

  /** PR bodies in results are cut to this: closing keywords sit near the top. */
  int PULL_BODY_CHARS = 4096;

  record NewPull(String title, String body, String head, String base) {}

  /**
   * @param dedupeKey when set, a hidden marker is added and a comment with the same key already on
   *     the issue is not posted again (a retried activity does not comment twice)
   */
  record NewComment(long issue, String body, String dedupeKey) {}

  record LabelChange(long issue, List<String> labels) {}

  /**
   * Merge of {@code pull} only if its head is still {@code headCommitId}: by squash, or with {@code
   * style} {@link #FAST_FORWARD_ONLY} by moving the base to that head (title and message unused).
   */
  record MergeRequest(
      long pull,
      String headCommitId,
      String title,
      String message,
      boolean deleteBranch,
      String style) {
    public static final String SQUASH = "squash";
    public static final String FAST_FORWARD_ONLY = "fast-forward-only";

    public MergeRequest(
        long pull, String headCommitId, String title, String message, boolean deleteBranch) {
      this(pull, headCommitId, title, message, deleteBranch, SQUASH);
    }

    /** Gitea's {@code Do}; null (a request recorded before styles) is a squash. */
    @JsonIgnore // derived: must not travel as a field of the payload
    public String mergeStyle() {
      return style == null || style.isBlank() ? SQUASH : style;
    }
  }

  enum MergeStatus {
    /** 200: merged now. */
    MERGED,
    /** 201: merge_when_checks_succeed scheduled it. */
    AUTO_MERGE_SCHEDULED,
    /** 405: not mergeable yet, or checks/reviews have not passed. */
    NOT_READY,
    /**
     * 409: conflicts, or the head moved past {@code head_commit_id}; for fast-forward-only also
     * Gitea's 500 "DivergingFastForwardOnly" (the base moved: the head no longer descends from it).
     */
    CONFLICT_OR_STALE_HEAD,
    /** The PR was already merged (by us on a retry, or by someone else). */
    ALREADY_MERGED
  }

  record MergeOutcome(MergeStatus status, String message) {}

  enum UpdateStatus {
    UPDATED,
    CONFLICT,
    ALREADY_UP_TO_DATE
  }

  record UpdateOutcome(UpdateStatus status, String message) {}

  /** One posted status. */
  record Status(String context, String state, String description, String targetUrl) {}

  /**
   * The combined status of an exact sha. {@code state} is Gitea's: {@code ""} (nothing posted yet)
   * and {@code pending} mean waiting; {@code success}; {@code failure} or {@code error}.
   */
  record CombinedStatus(String sha, String state, List<Status> statuses) {
    public boolean waiting() {
      return state == null || state.isEmpty() || state.equals("pending");
    }

    public boolean green() {
      return "success".equals(state);
    }
  }

  /**
   * Waits for the combined status of {@code sha} to leave "waiting", up to {@code timeoutSeconds}.
   */
  record AwaitStatus(String sha, long timeoutSeconds) {}

  /**
   * Open issues only (no pull requests), every page. Bodies are cut to {@link #LIST_BODY_CHARS}:
   * the list feeds ranking and deduplication; {@link #getIssue} gives the body.
   */
  @ActivityMethod
  List<Issue> openIssues();

  /** Issue bodies in {@link #openIssues} are cut to this. */
  int LIST_BODY_CHARS = 512;

  /** One issue with its body (cut to {@link #MAX_BODY_CHARS}). */
  @ActivityMethod
  Issue getIssue(long number);

  /** Creates the issue with its labels (labels missing on the repository are created first). */
  @ActivityMethod
  Issue createIssue(NewIssue issue);

  /**
   * Files {@code finding} unless an open issue (labelled {@code loop-generated}) carries its
   * marker; a closed one does not count, so a failure that returns is filed again. Never posts the
   * token.
   */
  @ActivityMethod
  FindingIssue fileFinding(NewFinding finding);

  @ActivityMethod
  void comment(NewComment comment);

  @ActivityMethod
  void addLabels(LabelChange change);

  @ActivityMethod
  void removeLabels(LabelChange change);

  /**
   * The merge styles the repository's settings allow ({@code squash}, {@code fast-forward-only},
   * …); speculative mode needs {@code fast-forward-only}.
   */
  @ActivityMethod
  List<String> mergeStyles();

  @ActivityMethod
  List<PullRequest> openPulls();

  @ActivityMethod
  PullRequest getPull(long number);

  /** The open PR from {@code head} into {@code base}, if any. */
  @ActivityMethod
  Optional<PullRequest> findPull(String base, String head);

  /** Creates the PR; when one already exists for the branch (409), returns that one. */
  @ActivityMethod
  PullRequest createPull(NewPull pull);

  /** {@code POST .../pulls/{n}/update?style=rebase}. */
  @ActivityMethod
  UpdateOutcome updateBranch(long pull);

  @ActivityMethod
  MergeOutcome merge(MergeRequest request);

  @ActivityMethod
  CombinedStatus combinedStatus(String sha);

  /**
   * Polls the combined status of an exact sha (heartbeating) until it is no longer waiting, or the
   * time limit passes; then returns the last status seen (still waiting means the checks never
   * finished).
   */
  @ActivityMethod
  CombinedStatus awaitStatus(AwaitStatus request);

  /**
   * The newest 50 statuses posted on {@code sha}, newest first (the combined status keeps only the
   * latest).
   */
  @ActivityMethod
  List<PostedStatus> statusHistory(String sha);

  /**
   * The log of the failing CI job for {@code sha}, truncated, or empty where the server has none.
   */
  @ActivityMethod
  String ciFailureLog(String sha);
}
