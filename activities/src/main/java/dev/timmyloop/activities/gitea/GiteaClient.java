package dev.timmyloop.activities.gitea;

import static dev.timmyloop.activities.gitea.GiteaHttp.list;
import static dev.timmyloop.activities.gitea.GiteaHttp.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.activities.gitea.GiteaActivities.CombinedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.MergeStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.GiteaActivities.PostedStatus;
import dev.timmyloop.activities.gitea.GiteaActivities.PullRequest;
import dev.timmyloop.activities.gitea.GiteaActivities.Status;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateOutcome;
import dev.timmyloop.activities.gitea.GiteaActivities.UpdateStatus;
import dev.timmyloop.activities.gitea.GiteaHttp.Answer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import okhttp3.HttpUrl;

/**
 * A thin client for one Gitea repository: exactly the calls {@link GiteaActivities} needs, reading
 * Gitea's JSON straight into the activity records (no nulls, long bodies cut). Statuses an endpoint
 * expects (merge 405/409, update 409, a 404 that means "none") come back as values; every other
 * non-2xx throws {@link GiteaException}. The base URL is any Gitea-compatible server.
 */
public final class GiteaClient {
  /** Statuses kept of a sha's history: a check that changed its mind shows well within them. */
  public static final int MAX_STATUS_HISTORY = 50;

  /** Gitea's rank of commit states: the worst wins (modules/structs/commit_status.go). */
  private static final Map<String, Integer> PRIORITY =
      Map.of("error", 0, "failure", 1, "warning", 2, "pending", 3, "success", 4, "skipped", 5);

  final GiteaHttp http;

  public GiteaClient(GiteaOptions options) {
    this.http = new GiteaHttp(options);
  }

  /** The text without the token; an unreadable token fails the request itself anyway. */
  String redact(String text) {
    String token;
    try {
      token = http.options.token().get();
    } catch (RuntimeException unreadable) {
      token = null;
    }
    return Tokens.redact(text, token);
  }

  // Issues

  /** Open issues, pull requests left out, every page; bodies cut to {@code LIST_BODY_CHARS}. */
  public List<Issue> openIssues() {
    return openIssues(GiteaActivities.LIST_BODY_CHARS);
  }

  List<Issue> openIssues(int maxBody) {
    return issues("open", null, maxBody, read -> false);
  }

  /** Open and closed issues with {@code label}, whole bodies, every page. */
  public List<Issue> issuesWithLabel(String label) {
    return issuesWithLabel(label, read -> false);
  }

  /**
   * As above, but no page after the first where {@code enough} holds for the issues read so far.
   */
  public List<Issue> issuesWithLabel(String label, Predicate<List<Issue>> enough) {
    return issues("all", label, Integer.MAX_VALUE, enough);
  }

  private List<Issue> issues(
      String state, String label, int maxBody, Predicate<List<Issue>> enough) {
    HttpUrl.Builder url =
        http.url(Endpoint.OPEN_ISSUES)
            .addQueryParameter("state", state)
            .addQueryParameter("type", "issues");
    if (label != null) url.addQueryParameter("labels", label);
    Function<JsonNode, Issue> read = n -> issue(n, maxBody);
    List<Issue> all =
        http.getAll(Endpoint.OPEN_ISSUES, url.build(), true, read, Issue::number, enough);
    return all.stream().filter(i -> !i.pull()).toList();
  }

  /** The issue, its body cut to {@code MAX_BODY_CHARS}. */
  public Issue getIssue(long number) {
    return issue(get(Endpoint.GET_ISSUE, number), GiteaActivities.MAX_BODY_CHARS);
  }

  /** The issue's labels, name → id. */
  public Map<String, Long> issueLabels(long number) {
    return labelMap(get(Endpoint.GET_ISSUE, number).path("labels"));
  }

  public Issue createIssue(String title, String body, List<Long> labelIds) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("title", redact(title));
    json.put("body", redact(body));
    if (!labelIds.isEmpty()) json.put("labels", labelIds);
    return issue(
        post(Endpoint.CREATE_ISSUE, http.url(Endpoint.CREATE_ISSUE), json),
        GiteaActivities.MAX_BODY_CHARS);
  }

  // Labels

  /** The repository's labels, name → id. */
  public Map<String, Long> labels() {
    HttpUrl url = http.url(Endpoint.LIST_LABELS).build();
    List<JsonNode> all =
        http.getAll(
            Endpoint.LIST_LABELS, url, true, n -> n, n -> n.path("id").asLong(), r -> false);
    return labelMap(all);
  }

  /** Creates the label; {@code color} as Gitea wants it, six hex digits with or without "#". */
  public long createLabel(String name, String color) {
    return post(
            Endpoint.CREATE_LABEL,
            http.url(Endpoint.CREATE_LABEL),
            Map.of("name", name, "color", color))
        .path("id")
        .asLong();
  }

  public void addLabels(long issue, List<Long> labelIds) {
    HttpUrl url = http.url(Endpoint.ADD_LABELS, issue).build();
    http.execute(Endpoint.ADD_LABELS, url, Map.of("labels", labelIds));
  }

  public void removeLabel(long issue, long labelId) {
    http.execute(
        Endpoint.REMOVE_LABEL, http.url(Endpoint.REMOVE_LABEL, issue, labelId).build(), null);
  }

  // Comments

  /**
   * Every comment's body; the spec gives this endpoint no page parameters, but a Link is followed.
   */
  public List<String> comments(long issue) {
    HttpUrl url = http.url(Endpoint.LIST_COMMENTS, issue).build();
    return http
        .getAll(Endpoint.LIST_COMMENTS, url, false, n -> n, n -> n.path("id").asLong(), r -> false)
        .stream()
        .map(n -> text(n, "body"))
        .toList();
  }

  public void createComment(long issue, String body) {
    HttpUrl url = http.url(Endpoint.CREATE_COMMENT, issue).build();
    http.execute(Endpoint.CREATE_COMMENT, url, Map.of("body", redact(body)));
  }

  // The repository

  /**
   * The merge styles the repository's settings allow, as the merge call names them ({@code squash},
   * {@code fast-forward-only}, …).
   */
  public List<String> mergeStyles() {
    JsonNode repo = get(Endpoint.GET_REPO);
    return MERGE_SETTINGS.entrySet().stream()
        .filter(setting -> repo.path(setting.getKey()).asBoolean(false))
        .map(Map.Entry::getValue)
        .sorted()
        .toList();
  }

  /** Gitea's repository settings → the merge style each allows. */
  private static final Map<String, String> MERGE_SETTINGS =
      Map.of(
          "allow_merge_commits", "merge",
          "allow_rebase", "rebase",
          "allow_rebase_explicit", "rebase-merge",
          "allow_squash_merge", "squash",
          "allow_fast_forward_only_merge", "fast-forward-only");

  // Pull requests

  public List<PullRequest> openPulls() {
    HttpUrl url = http.url(Endpoint.OPEN_PULLS).addQueryParameter("state", "open").build();
    return http.getAll(
        Endpoint.OPEN_PULLS, url, true, GiteaClient::pull, PullRequest::number, r -> false);
  }

  public PullRequest getPull(long number) {
    return pull(get(Endpoint.GET_PULL, number));
  }

  /** The newest PR from {@code head} into {@code base} in any state; empty on 404. */
  public Optional<PullRequest> pullByBaseHead(String base, String head) {
    HttpUrl url = http.url(Endpoint.PULL_BY_BASE_HEAD, base, head).build();
    Answer answer = http.execute(Endpoint.PULL_BY_BASE_HEAD, url, null, s -> s == 404);
    if (answer.status() == 404) return Optional.empty();
    return Optional.of(pull(http.object(answer, Endpoint.PULL_BY_BASE_HEAD)));
  }

  /**
   * Creates the PR; on 409 ("already exists", e.g. a retried activity) returns the existing one.
   */
  public PullRequest createPull(NewPull pull) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("title", redact(pull.title()));
    json.put("body", redact(pull.body()));
    json.put("head", pull.head());
    json.put("base", pull.base());
    HttpUrl url = http.url(Endpoint.CREATE_PULL).build();
    Answer answer = http.execute(Endpoint.CREATE_PULL, url, json, s -> s == 409);
    if (answer.status() != 409) return pull(http.object(answer, Endpoint.CREATE_PULL));
    return pullByBaseHead(pull.base(), pull.head())
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
   * Merges only if the head is still {@code headCommitId}. Sends {@code do} in lower case and the
   * title and message in both the 1.25 and 1.26 spellings (Go ignores the unknown one).
   */
  public MergeOutcome merge(MergeRequest request) {
    Map<String, Object> json = new LinkedHashMap<>();
    String style = request.mergeStyle();
    json.put("do", style);
    String head = request.headCommitId();
    if (head != null && !head.isEmpty()) json.put("head_commit_id", head);
    json.put("delete_branch_after_merge", request.deleteBranch());
    String title = redact(request.title());
    if (!title.isEmpty()) {
      json.put("MergeTitleField", title);
      json.put("merge_title_field", title);
    }
    String message = redact(request.message());
    if (!message.isEmpty()) {
      json.put("MergeMessageField", message);
      json.put("merge_message_field", message);
    }
    HttpUrl url = http.url(Endpoint.MERGE_PULL, request.pull()).build();
    boolean fastForward = style.equals(MergeRequest.FAST_FORWARD_ONLY);
    Answer answer =
        http.execute(
            Endpoint.MERGE_PULL, url, json, s -> s == 405 || s == 409 || (fastForward && s == 500));
    if (answer.status() == 500 && !message(answer).contains("DivergingFastForwardOnly")) {
      throw GiteaException.ofStatus(500, Endpoint.MERGE_PULL.id(), message(answer), null);
    }
    MergeStatus status =
        switch (answer.status()) {
          case 201 -> MergeStatus.AUTO_MERGE_SCHEDULED;
          case 405 -> MergeStatus.NOT_READY;
          case 409, 500 -> MergeStatus.CONFLICT_OR_STALE_HEAD;
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
   * them. Gitea answers sha "" when nothing was posted yet; the result still names the commit.
   */
  public CombinedStatus combinedStatus(String sha) {
    List<Status> statuses = new ArrayList<>();
    JsonNode first = null;
    HttpUrl base = http.url(Endpoint.COMBINED_STATUS, sha).build();
    for (int page = 1; page <= GiteaHttp.MAX_PAGES; page++) {
      Answer answer = http.execute(Endpoint.COMBINED_STATUS, http.withPage(base, page), null);
      JsonNode one = http.object(answer, Endpoint.COMBINED_STATUS);
      if (first == null) first = one;
      List<Status> read = list(one.path("statuses"), GiteaClient::status);
      statuses.addAll(read);
      JsonNode total = one.path("total_count");
      if (!total.isNumber() || read.isEmpty() || statuses.size() >= total.asLong()) break;
    }
    String full = text(first, "sha").isEmpty() ? sha : text(first, "sha");
    boolean onePage = statuses.size() == first.path("statuses").size();
    return new CombinedStatus(full, onePage ? text(first, "state") : combine(statuses), statuses);
  }

  /** The newest {@link #MAX_STATUS_HISTORY} statuses posted on {@code sha}, newest first. */
  public List<PostedStatus> statusHistory(String sha) {
    HttpUrl url = http.url(Endpoint.STATUS_HISTORY, sha).build();
    List<PostedStatus> all =
        http.getAll(
            Endpoint.STATUS_HISTORY,
            url,
            true,
            n -> new PostedStatus(text(n, "context"), text(n, "status"), text(n, "description")),
            s -> s,
            read -> read.size() >= MAX_STATUS_HISTORY);
    return all.size() <= MAX_STATUS_HISTORY ? all : all.subList(0, MAX_STATUS_HISTORY);
  }

  // Gitea's JSON → the activity records

  private static Issue issue(JsonNode n, int maxBody) {
    String body = text(n, "body");
    boolean cut = body.length() > maxBody;
    JsonNode pull = n.path("pull_request");
    return new Issue(
        n.path("number").asLong(),
        text(n, "title"),
        cut ? body.substring(0, maxBody) : body,
        cut,
        labelMap(n.path("labels")).keySet().stream().toList(),
        text(n, "created_at"),
        text(n, "html_url"),
        text(n, "state"),
        pull.isObject());
  }

  private static PullRequest pull(JsonNode n) {
    String body = text(n, "body");
    return new PullRequest(
        n.path("number").asLong(),
        text(n, "title"),
        text(n, "state"),
        text(n.path("head"), "ref"),
        text(n.path("head"), "sha"),
        text(n.path("base"), "ref"),
        n.path("mergeable").asBoolean(false),
        n.path("merged").asBoolean(false),
        text(n, "merge_commit_sha"),
        labelMap(n.path("labels")).keySet().stream().toList(),
        text(n, "html_url"),
        body.length() > GiteaActivities.PULL_BODY_CHARS
            ? body.substring(0, GiteaActivities.PULL_BODY_CHARS)
            : body);
  }

  /** One commit status; Gitea calls its state {@code status}. */
  private static Status status(JsonNode n) {
    return new Status(
        text(n, "context"), text(n, "status"), text(n, "description"), text(n, "target_url"));
  }

  /** Gitea's combined state: {@code ""} for no statuses; unknown states rank like "error". */
  private static String combine(List<Status> statuses) {
    if (statuses.isEmpty()) return "";
    String state = "success";
    for (Status s : statuses) {
      if (PRIORITY.getOrDefault(s.state(), 0) < PRIORITY.get(state)) state = s.state();
    }
    return state;
  }

  /** Labels by name (the first of a name wins) → id. */
  private static Map<String, Long> labelMap(Iterable<JsonNode> labels) {
    Map<String, Long> byName = new LinkedHashMap<>();
    for (JsonNode l : labels) byName.putIfAbsent(text(l, "name"), l.path("id").asLong());
    return byName;
  }

  private JsonNode get(Endpoint endpoint, Object... params) {
    return http.object(http.execute(endpoint, http.url(endpoint, params).build(), null), endpoint);
  }

  private JsonNode post(Endpoint endpoint, HttpUrl.Builder url, Object body) {
    return http.object(http.execute(endpoint, url.build(), body), endpoint);
  }

  /** The server's message of an answer kept as a value ("" when there is none). */
  private String message(Answer answer) {
    return answer.status() < 300 ? "" : redact(http.serverMessage(answer.body()));
  }
}
