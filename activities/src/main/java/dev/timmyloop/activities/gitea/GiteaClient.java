package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.activities.gitea.GiteaHttp.Answer;
import dev.timmyloop.activities.gitea.GiteaModel.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaModel.Comment;
import dev.timmyloop.activities.gitea.GiteaModel.CommitStatus;
import dev.timmyloop.activities.gitea.GiteaModel.Issue;
import dev.timmyloop.activities.gitea.GiteaModel.Label;
import dev.timmyloop.activities.gitea.GiteaModel.Pull;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.HttpUrl;

/**
 * A thin client for one Gitea repository: exactly the calls {@link GiteaActivities} needs. Statuses
 * an endpoint expects (merge 405/409, update 409, a 404 that means "none") come back as values;
 * every other non-2xx throws {@link GiteaException}. The base URL is any Gitea-compatible server.
 */
public final class GiteaClient {
  private final GiteaHttp http;

  public GiteaClient(GiteaOptions options) {
    this(options, Clock.systemUTC());
  }

  GiteaClient(GiteaOptions options, Clock clock) {
    this.http = new GiteaHttp(options, clock);
  }

  public GiteaOptions options() {
    return http.options();
  }

  static final String REDACTED = "[redacted]";

  /**
   * Every text the loop posts passes here: agent output or logs quoted in it must not publish the
   * token the client authenticates with. An unreadable token fails the request itself anyway.
   */
  String redact(String text) {
    if (text == null || text.isEmpty()) return text;
    String token;
    try {
      token = http.options().token().get();
    } catch (RuntimeException unreadable) {
      return text;
    }
    return token == null || token.isBlank() ? text : text.replace(token, REDACTED);
  }

  // Issues

  /** Open issues, pull requests left out, every page. */
  public List<Issue> openIssues() {
    HttpUrl url =
        http.url(Endpoint.OPEN_ISSUES)
            .addQueryParameter("state", "open")
            .addQueryParameter("type", "issues")
            .build();
    List<Issue> all = http.getAll(Endpoint.OPEN_ISSUES, url, true, Issue.class, Issue::number);
    return all.stream().filter(i -> i.pullRequest() == null).toList();
  }

  /** Open and closed issues with {@code label}, every page (findings are searched among them). */
  public List<Issue> issuesWithLabel(String label) {
    return issuesWithLabel(label, read -> false);
  }

  /** As above, but no page after the first where {@code enough} holds for the issues read so far. */
  public List<Issue> issuesWithLabel(String label, Predicate<List<Issue>> enough) {
    HttpUrl url =
        http.url(Endpoint.OPEN_ISSUES) // the same operation, with state=all
            .addQueryParameter("state", "all")
            .addQueryParameter("type", "issues")
            .addQueryParameter("labels", label)
            .build();
    List<Issue> all = http.getAll(Endpoint.OPEN_ISSUES, url, true, Issue.class, Issue::number, enough);
    return all.stream().filter(i -> i.pullRequest() == null).toList();
  }

  public Issue getIssue(long number) {
    return get(Endpoint.GET_ISSUE, Issue.class, number);
  }

  public Issue createIssue(String title, String body, List<Long> labelIds) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("title", redact(title));
    json.put("body", redact(body == null ? "" : body));
    if (!labelIds.isEmpty()) json.put("labels", labelIds);
    return post(Endpoint.CREATE_ISSUE, json, Issue.class);
  }

  // Labels

  public List<Label> labels() {
    HttpUrl url = http.url(Endpoint.LIST_LABELS).build();
    return http.getAll(Endpoint.LIST_LABELS, url, true, Label.class, Label::id);
  }

  /** {@code color} as Gitea wants it, six hex digits with or without "#". */
  public Label createLabel(String name, String color) {
    return post(Endpoint.CREATE_LABEL, Map.of("name", name, "color", color), Label.class);
  }

  /** Adds labels by id; returns the issue's labels afterwards. */
  public List<Label> addLabels(long issue, List<Long> labelIds) {
    HttpUrl url = http.url(Endpoint.ADD_LABELS, issue).build();
    Answer answer = http.execute(Endpoint.ADD_LABELS, url, Map.of("labels", labelIds));
    return http.readList(answer, Endpoint.ADD_LABELS, Label.class);
  }

  public void removeLabel(long issue, long labelId) {
    http.execute(
        Endpoint.REMOVE_LABEL, http.url(Endpoint.REMOVE_LABEL, issue, labelId).build(), null);
  }

  // Comments

  /**
   * Every comment; the spec gives this endpoint no page parameters, but a Link is still followed.
   */
  public List<Comment> comments(long issue) {
    HttpUrl url = http.url(Endpoint.LIST_COMMENTS, issue).build();
    return http.getAll(Endpoint.LIST_COMMENTS, url, false, Comment.class, Comment::id);
  }

  public Comment createComment(long issue, String body) {
    HttpUrl url = http.url(Endpoint.CREATE_COMMENT, issue).build();
    Answer answer = http.execute(Endpoint.CREATE_COMMENT, url, Map.of("body", redact(body)));
    return http.read(answer, Endpoint.CREATE_COMMENT, Comment.class);
  }

  // Pull requests

  public List<Pull> openPulls() {
    HttpUrl url = http.url(Endpoint.OPEN_PULLS).addQueryParameter("state", "open").build();
    return http.getAll(Endpoint.OPEN_PULLS, url, true, Pull.class, Pull::number);
  }

  public Pull getPull(long number) {
    return get(Endpoint.GET_PULL, Pull.class, number);
  }

  /** The newest PR from {@code head} into {@code base} in any state; empty on 404. */
  public Optional<Pull> pullByBaseHead(String base, String head) {
    HttpUrl url = http.url(Endpoint.PULL_BY_BASE_HEAD, base, head).build();
    Answer answer = http.execute(Endpoint.PULL_BY_BASE_HEAD, url, null, s -> s == 404);
    if (answer.status() == 404) return Optional.empty();
    return Optional.of(http.read(answer, Endpoint.PULL_BY_BASE_HEAD, Pull.class));
  }

  /**
   * Creates the PR; on 409 ("already exists", e.g. a retried activity) returns the existing one.
   */
  public Pull createPull(String title, String body, String head, String base) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("title", redact(title));
    json.put("body", redact(body == null ? "" : body));
    json.put("head", head);
    json.put("base", base);
    HttpUrl url = http.url(Endpoint.CREATE_PULL).build();
    Answer answer = http.execute(Endpoint.CREATE_PULL, url, json, s -> s == 409);
    if (answer.status() != 409) return http.read(answer, Endpoint.CREATE_PULL, Pull.class);
    return pullByBaseHead(base, head)
        .orElseThrow(
            () -> GiteaException.ofStatus(409, Endpoint.CREATE_PULL.id(), message(answer), null));
  }

  /** Rebases the PR's branch onto its base: 200 UPDATED, 409 CONFLICT. */
  public UpdateOutcome updateBranch(long number) {
    HttpUrl url =
        http.url(Endpoint.UPDATE_PULL, number).addQueryParameter("style", "rebase").build();
    Answer answer = http.execute(Endpoint.UPDATE_PULL, url, null, s -> s == 409);
    return answer.status() == 409
        ? new UpdateOutcome(UpdateStatus.CONFLICT, message(answer))
        : new UpdateOutcome(UpdateStatus.UPDATED, "");
  }

  /**
   * Squash-merges only if the head is still {@code headCommitId}. Sends {@code do} in lower case
   * and the title and message in both the 1.25 and 1.26 spellings (Go ignores the unknown one).
   */
  public MergeOutcome merge(
      long number, String headCommitId, String title, String message, boolean deleteBranch) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("do", "squash");
    if (headCommitId != null && !headCommitId.isEmpty()) json.put("head_commit_id", headCommitId);
    json.put("delete_branch_after_merge", deleteBranch);
    if (title != null && !title.isEmpty()) {
      json.put("MergeTitleField", redact(title));
      json.put("merge_title_field", redact(title));
    }
    if (message != null && !message.isEmpty()) {
      json.put("MergeMessageField", redact(message));
      json.put("merge_message_field", redact(message));
    }
    HttpUrl url = http.url(Endpoint.MERGE_PULL, number).build();
    Answer answer = http.execute(Endpoint.MERGE_PULL, url, json, s -> s == 405 || s == 409);
    MergeStatus status =
        switch (answer.status()) {
          case 201 -> MergeStatus.AUTO_MERGE_SCHEDULED;
          case 405 -> MergeStatus.NOT_READY;
          case 409 -> MergeStatus.CONFLICT_OR_STALE_HEAD;
          default -> MergeStatus.MERGED;
        };
    return new MergeOutcome(status, message(answer));
  }

  /** {@code GET .../pulls/{n}/merge}: 204 merged, 404 not (yet) merged. */
  public boolean isMerged(long number) {
    HttpUrl url = http.url(Endpoint.IS_MERGED, number).build();
    return http.execute(Endpoint.IS_MERGED, url, null, s -> s == 404).status() != 404;
  }

  // CI

  /**
   * The combined status of {@code sha}. Gitea computes {@code state} over the returned page only,
   * so when the statuses span pages they are all fetched and the state is computed over all of
   * them.
   */
  public CombinedStatus combinedStatus(String sha) {
    List<CommitStatus> statuses = new ArrayList<>();
    CombinedStatus first = null;
    for (int page = 1; page <= GiteaHttp.MAX_PAGES; page++) {
      HttpUrl url =
          http.url(Endpoint.COMBINED_STATUS, sha)
              .addQueryParameter("limit", String.valueOf(options().pageSize()))
              .addQueryParameter("page", String.valueOf(page))
              .build();
      Answer answer = http.execute(Endpoint.COMBINED_STATUS, url, null);
      CombinedStatus one = http.read(answer, Endpoint.COMBINED_STATUS, CombinedStatus.class);
      if (first == null) first = one;
      statuses.addAll(one.statuses());
      Integer total = one.totalCount();
      if (total == null || one.statuses().isEmpty() || statuses.size() >= total) break;
    }
    if (statuses.size() == first.statuses().size()) return first;
    return new CombinedStatus(
        first.sha(), CommitStates.combine(statuses), statuses, statuses.size());
  }

  /** Statuses kept of a sha's history: a check that changed its mind shows well within them. */
  public static final int MAX_STATUS_HISTORY = 50;

  /** The newest {@link #MAX_STATUS_HISTORY} statuses posted on {@code sha}, newest first. */
  public List<CommitStatus> statusHistory(String sha) {
    HttpUrl url = http.url(Endpoint.STATUS_HISTORY, sha).build();
    List<CommitStatus> all =
        http.getAll(
            Endpoint.STATUS_HISTORY, url, true, CommitStatus.class, s -> s,
            read -> read.size() >= MAX_STATUS_HISTORY);
    return all.size() <= MAX_STATUS_HISTORY ? all : all.subList(0, MAX_STATUS_HISTORY);
  }

  /**
   * The newest Actions runs of {@code sha} (one page: a sha has few runs); empty when the server
   * has no Actions (404, 400).
   */
  public List<GiteaModel.Run> runsFor(String sha) {
    HttpUrl url =
        http.url(Endpoint.LIST_RUNS)
            .addQueryParameter("head_sha", sha)
            .addQueryParameter("limit", String.valueOf(options().pageSize()))
            .addQueryParameter("page", "1")
            .build();
    Answer answer = http.execute(Endpoint.LIST_RUNS, url, null, s -> s == 404 || s == 400);
    if (answer.status() >= 400) return List.of();
    return http.read(answer, Endpoint.LIST_RUNS, GiteaModel.Runs.class).runs();
  }

  /**
   * The jobs of the run with API id {@code runId}, in Gitea's order (by id, the order the web page
   * numbers them); one page. Empty when there is no such run (404, 400).
   */
  public Optional<List<GiteaModel.Job>> runJobs(long runId) {
    HttpUrl url =
        http.url(Endpoint.RUN_JOBS, runId)
            .addQueryParameter("limit", String.valueOf(options().pageSize()))
            .addQueryParameter("page", "1")
            .build();
    Answer answer = http.execute(Endpoint.RUN_JOBS, url, null, s -> s == 404 || s == 400);
    if (answer.status() >= 400) return Optional.empty();
    return Optional.of(http.read(answer, Endpoint.RUN_JOBS, GiteaModel.Jobs.class).jobs());
  }

  /** The plain-text log of an Actions job; empty when the server has none (404, 400). */
  public Optional<String> jobLog(long jobId) {
    HttpUrl url = http.url(Endpoint.JOB_LOG, jobId).build();
    Answer answer = http.execute(Endpoint.JOB_LOG, url, null, s -> s == 404 || s == 400);
    return answer.status() >= 400 ? Optional.empty() : Optional.of(answer.body());
  }

  private <T> T get(Endpoint endpoint, Class<T> type, Object... params) {
    Answer answer = http.execute(endpoint, http.url(endpoint, params).build(), null);
    return http.read(answer, endpoint, type);
  }

  private <T> T post(Endpoint endpoint, Object body, Class<T> type) {
    Answer answer = http.execute(endpoint, http.url(endpoint).build(), body);
    return http.read(answer, endpoint, type);
  }

  /** The server's message of an answer kept as a value ("" when there is none). */
  private String message(Answer answer) {
    if (answer.status() < 300 || answer.body().isBlank()) return "";
    try {
      GiteaModel.ErrorBody e = http.json.readValue(answer.body(), GiteaModel.ErrorBody.class);
      return e == null || e.message() == null ? "" : e.message();
    } catch (Exception notJson) {
      return "";
    }
  }
}
