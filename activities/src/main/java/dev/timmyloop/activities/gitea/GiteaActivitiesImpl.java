package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.Text;
import dev.timmyloop.activities.gitea.GiteaModel.Label;
import dev.timmyloop.config.TimmyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GiteaActivities} over {@link GiteaClient}. Every method is safe to retry: creating looks
 * for what an earlier attempt made, comments carry a dedupe marker, merge checks whether it already
 * happened. {@link GiteaException}s leave as Temporal failures through {@link #call}.
 */
public class GiteaActivitiesImpl implements GiteaActivities {
  private static final Logger log = LoggerFactory.getLogger(GiteaActivitiesImpl.class);

  /** The colour of labels the loop creates (Gitea wants one). */
  static final String DEFAULT_LABEL_COLOR = "#ededed";

  /** How much of a CI log a result carries: its end, where the failure is. */
  static final int LOG_TAIL_CHARS = 8 * 1024;

  private final GiteaClient client;
  private final CiFailureLogs ciLogs;

  public GiteaActivitiesImpl(GiteaOptions options) {
    this.client = new GiteaClient(options);
    this.ciLogs = new CiFailureLogs(client);
  }

  /** The token file is read on each request inside the activity, never here. */
  public GiteaActivitiesImpl(TimmyConfig config) {
    this(optionsFrom(config));
  }

  public static GiteaOptions optionsFrom(TimmyConfig config) {
    Duration timeout = config.giteaTimeout();
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
    return GiteaOptions.builder()
        .baseUrl(config.giteaUrl())
        .owner(config.giteaOwner())
        .repo(config.giteaRepo())
        .token(Tokens.fromFile(config.giteaTokenFile()))
        .connectTimeout(connect)
        .readTimeout(timeout)
        .callTimeout(timeout)
        .listener(GiteaMetrics.INSTANCE)
        .build();
  }

  @Override
  public List<Issue> openIssues() {
    return call(
        () ->
            client.openIssues().stream()
                .map(i -> Results.issue(i, GiteaActivities.LIST_BODY_CHARS))
                .toList());
  }

  @Override
  public Issue getIssue(long number) {
    return call(() -> Results.issue(client.getIssue(number)));
  }

  @Override
  public Issue createIssue(NewIssue issue) {
    return call(
        () -> {
          // A retried attempt may already have created it: same title, still open.
          for (GiteaModel.Issue open : client.openIssues()) {
            if (open.title().equals(issue.title())) {
              log.info("issue #{} with this title already exists; not filing again", open.number());
              return Results.issue(open);
            }
          }
          List<Long> ids = labelIds(orEmpty(issue.labels()), true);
          return Results.issue(client.createIssue(issue.title(), issue.body(), ids));
        });
  }

  @Override
  public FindingIssue fileFinding(NewFinding finding) {
    return call(() -> FindingFiler.file(client, finding, () -> labelIds(orEmpty(finding.labels()), true)));
  }

  @Override
  public List<PostedStatus> statusHistory(String sha) {
    return call(
        () ->
            client.statusHistory(sha).stream()
                .limit(GiteaClient.MAX_STATUS_HISTORY)
                .map(st -> new PostedStatus(st.context(), st.status()))
                .toList());
  }

  @Override
  public void comment(NewComment comment) {
    call(
        () -> {
          String body = comment.body();
          String key = comment.dedupeKey();
          if (key != null && !key.isBlank()) {
            String marker = "<!-- timmy:" + key.replaceAll("-{2,}", "-") + " -->";
            boolean posted =
                client.comments(comment.issue()).stream()
                    .anyMatch(c -> c.body() != null && c.body().contains(marker));
            if (posted) {
              log.info("comment {} already on #{}; not posting again", key, comment.issue());
              return null;
            }
            body = body + "\n\n" + marker;
          }
          client.createComment(comment.issue(), body);
          return null;
        });
  }

  @Override
  public void addLabels(LabelChange change) {
    call(
        () -> {
          List<Long> ids = labelIds(orEmpty(change.labels()), true);
          if (!ids.isEmpty()) client.addLabels(change.issue(), ids);
          return null;
        });
  }

  @Override
  public void removeLabels(LabelChange change) {
    call(
        () -> {
          // Only labels the issue has: a retry after a partial removal must not fail on the rest.
          for (Label label : client.getIssue(change.issue()).labels()) {
            if (orEmpty(change.labels()).contains(label.name()))
              client.removeLabel(change.issue(), label.id());
          }
          return null;
        });
  }

  @Override
  public List<PullRequest> openPulls() {
    return call(() -> client.openPulls().stream().map(Results::pull).toList());
  }

  @Override
  public PullRequest getPull(long number) {
    return call(() -> Results.pull(client.getPull(number)));
  }

  @Override
  public Optional<PullRequest> findPull(String base, String head) {
    return call(
        () ->
            client
                .pullByBaseHead(base, head)
                .filter(p -> "open".equals(p.state()))
                .map(Results::pull));
  }

  @Override
  public PullRequest createPull(NewPull pull) {
    return call(
        () -> Results.pull(client.createPull(pull.title(), pull.body(), pull.head(), pull.base())));
  }

  @Override
  public UpdateOutcome updateBranch(long pull) {
    return call(
        () -> {
          // Gitea answers 200 whether or not anything moved; the head sha tells.
          String before = client.getPull(pull).head().sha();
          UpdateOutcome outcome = client.updateBranch(pull);
          if (outcome.status() != UpdateStatus.UPDATED) return outcome;
          String after = client.getPull(pull).head().sha();
          return after != null && after.equals(before)
              ? new UpdateOutcome(UpdateStatus.ALREADY_UP_TO_DATE, "head still " + after)
              : new UpdateOutcome(UpdateStatus.UPDATED, "head now " + after);
        });
  }

  @Override
  public MergeOutcome merge(MergeRequest request) {
    return call(
        () -> {
          if (client.isMerged(request.pull())) {
            return new MergeOutcome(MergeStatus.ALREADY_MERGED, "");
          }
          MergeOutcome outcome =
              client.merge(
                  request.pull(),
                  request.headCommitId(),
                  request.title(),
                  request.message(),
                  request.deleteBranch());
          boolean refused =
              outcome.status() == MergeStatus.NOT_READY
                  || outcome.status() == MergeStatus.CONFLICT_OR_STALE_HEAD;
          // Our first attempt may have merged before its answer was lost; Gitea then says 405/409.
          if (refused && client.isMerged(request.pull())) {
            return new MergeOutcome(MergeStatus.ALREADY_MERGED, outcome.message());
          }
          return outcome;
        });
  }

  @Override
  public CombinedStatus combinedStatus(String sha) {
    return call(
        () -> {
          GiteaModel.CombinedStatus s = client.combinedStatus(sha);
          List<Status> statuses =
              s.statuses().stream()
                  .map(x -> new Status(x.context(), x.status(), x.description(), x.targetUrl()))
                  .toList();
          // Gitea answers sha "" when nothing was posted yet; the result still names the commit.
          String full = Results.nz(s.sha()).isEmpty() ? sha : s.sha();
          return new CombinedStatus(full, Results.nz(s.state()), statuses);
        });
  }

  @Override
  public CombinedStatus awaitStatus(AwaitStatus request) {
    return StatusWaiter.await(() -> combinedStatus(request.sha()), request.timeoutSeconds());
  }

  @Override
  public String ciFailureLog(String sha) {
    return call(
        () -> {
          CombinedStatus combined = combinedStatus(sha);
          for (Status status : combined.statuses()) {
            if (!"failure".equals(status.state()) && !"error".equals(status.state())) continue;
            Optional<String> text = ciLogs.log(combined.sha(), status.targetUrl());
            if (text.isPresent()) return Text.tail(text.get(), LOG_TAIL_CHARS);
          }
          return "";
        });
  }

  /** Label names → ids; missing ones are created when {@code create}, else skipped. */
  private List<Long> labelIds(List<String> names, boolean create) {
    if (names.isEmpty()) return List.of();
    Map<String, Long> byName =
        client.labels().stream()
            .collect(Collectors.toMap(l -> key(l.name()), Label::id, (a, b) -> a));
    List<Long> ids = new ArrayList<>();
    for (String name : names) {
      Long id = byName.get(key(name));
      if (id == null && create) {
        id = client.createLabel(name, DEFAULT_LABEL_COLOR).id();
        byName.put(key(name), id);
      }
      if (id != null && !ids.contains(id)) ids.add(id);
    }
    return ids;
  }

  private static String key(String labelName) {
    return labelName.toLowerCase(Locale.ROOT);
  }

  private static List<String> orEmpty(List<String> names) {
    return names == null ? List.of() : names;
  }

  /** The one place a {@link GiteaException} becomes a Temporal failure. */
  private static <T> T call(Supplier<T> body) {
    try {
      return body.get();
    } catch (GiteaException e) {
      throw e.toFailure();
    }
  }
}
