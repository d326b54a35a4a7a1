package dev.timmyloop.activities.gitea;

import dev.timmyloop.activities.BackgroundWaits;
import dev.timmyloop.activities.Text;
import dev.timmyloop.config.TimmyConfig;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
  private final BackgroundWaits waits;

  /**
   * @param waits where CI waits go so that they hold no activity slot; null waits in the activity
   */
  public GiteaActivitiesImpl(GiteaOptions options, BackgroundWaits waits) {
    this.client = new GiteaClient(options);
    this.ciLogs = new CiFailureLogs(client);
    this.waits = waits;
  }

  public GiteaActivitiesImpl(GiteaOptions options) {
    this(options, null);
  }

  /** The token file is read on each request inside the activity, never here. */
  public GiteaActivitiesImpl(TimmyConfig config) {
    this(optionsFrom(config), null);
  }

  public GiteaActivitiesImpl(TimmyConfig config, BackgroundWaits waits) {
    this(optionsFrom(config), waits);
  }

  public static GiteaOptions optionsFrom(TimmyConfig config) {
    Duration timeout = config.giteaTimeout();
    Duration connect =
        timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
    return new GiteaOptions(
        config.giteaUrl(),
        config.giteaOwner(),
        config.giteaRepo(),
        Tokens.fromFile(config.giteaTokenFile()),
        connect,
        timeout,
        timeout,
        GiteaOptions.MAX_PAGE_SIZE);
  }

  @Override
  public List<Issue> openIssues() {
    return call(client::openIssues);
  }

  @Override
  public Issue getIssue(long number) {
    return call(() -> client.getIssue(number));
  }

  @Override
  public Issue createIssue(NewIssue issue) {
    return call(
        () -> {
          // A retried attempt may already have created it: same title, still open.
          for (Issue open : client.openIssues(MAX_BODY_CHARS)) {
            if (open.title().equals(issue.title())) {
              log.info("issue #{} with this title already exists; not filing again", open.number());
              return open;
            }
          }
          return client.createIssue(issue.title(), issue.body(), labelIds(issue.labels()));
        });
  }

  @Override
  public FindingIssue fileFinding(NewFinding finding) {
    return call(() -> FindingFiler.file(client, finding, () -> labelIds(finding.labels())));
  }

  @Override
  public List<PostedStatus> statusHistory(String sha) {
    return call(() -> client.statusHistory(sha));
  }

  @Override
  public void comment(NewComment comment) {
    run(
        () -> {
          String body = comment.body();
          String key = comment.dedupeKey();
          if (key != null && !key.isBlank()) {
            String marker = "<!-- timmy:" + key.replaceAll("-{2,}", "-") + " -->";
            if (client.comments(comment.issue()).stream().anyMatch(c -> c.contains(marker))) {
              log.info("comment {} already on #{}; not posting again", key, comment.issue());
              return;
            }
            body = body + "\n\n" + marker;
          }
          client.createComment(comment.issue(), body);
        });
  }

  @Override
  public void addLabels(LabelChange change) {
    run(
        () -> {
          List<Long> ids = labelIds(change.labels());
          if (!ids.isEmpty()) client.addLabels(change.issue(), ids);
        });
  }

  @Override
  public void removeLabels(LabelChange change) {
    run(
        () -> {
          // Only labels the issue has: a retry after a partial removal must not fail on the rest.
          List<String> names = orEmpty(change.labels());
          client
              .issueLabels(change.issue())
              .forEach(
                  (name, id) -> {
                    if (names.contains(name)) client.removeLabel(change.issue(), id);
                  });
        });
  }

  @Override
  public List<PullRequest> openPulls() {
    return call(client::openPulls);
  }

  @Override
  public PullRequest getPull(long number) {
    return call(() -> client.getPull(number));
  }

  @Override
  public Optional<PullRequest> findPull(String base, String head) {
    return call(() -> client.pullByBaseHead(base, head).filter(p -> "open".equals(p.state())));
  }

  @Override
  public PullRequest createPull(NewPull pull) {
    return call(() -> client.createPull(pull));
  }

  @Override
  public UpdateOutcome updateBranch(long pull) {
    return call(
        () -> {
          // Gitea answers 200 whether or not anything moved; the head sha tells.
          String before = client.getPull(pull).headSha();
          UpdateOutcome outcome = client.updateBranch(pull);
          if (outcome.status() != UpdateStatus.UPDATED) return outcome;
          String after = client.getPull(pull).headSha();
          return after.equals(before)
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
          MergeOutcome outcome = client.merge(request);
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
  public List<String> mergeStyles() {
    return call(client::mergeStyles);
  }

  @Override
  public CombinedStatus combinedStatus(String sha) {
    return call(() -> client.combinedStatus(sha));
  }

  @Override
  public CombinedStatus awaitStatus(AwaitStatus request) {
    if (waits == null) {
      return StatusWaiter.await(() -> combinedStatus(request.sha()), request.timeoutSeconds());
    }
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    long deadline = StatusWaiter.deadline(ctx, request.timeoutSeconds());
    waits.start(ctx, StatusWaiter.background(() -> combinedStatus(request.sha()), deadline));
    return null;
  }

  @Override
  public String ciFailureLog(String sha) {
    return call(
        () -> {
          CombinedStatus combined = client.combinedStatus(sha);
          for (Status status : combined.statuses()) {
            if (!"failure".equals(status.state()) && !"error".equals(status.state())) continue;
            Optional<String> text = ciLogs.log(combined.sha(), status.targetUrl());
            if (text.isPresent()) return Text.tail(text.get(), LOG_TAIL_CHARS);
          }
          return "";
        });
  }

  /** Label names → ids, case-insensitively; missing ones are created. */
  private List<Long> labelIds(List<String> names) {
    if (orEmpty(names).isEmpty()) return List.of();
    Map<String, Long> byName = new HashMap<>();
    client.labels().forEach((name, id) -> byName.putIfAbsent(key(name), id));
    List<Long> ids = new ArrayList<>();
    for (String name : names) {
      Long id =
          byName.computeIfAbsent(key(name), k -> client.createLabel(name, DEFAULT_LABEL_COLOR));
      if (!ids.contains(id)) ids.add(id);
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

  private static void run(Runnable body) {
    call(
        () -> {
          body.run();
          return null;
        });
  }
}
