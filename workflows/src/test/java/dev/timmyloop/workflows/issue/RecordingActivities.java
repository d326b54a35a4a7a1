package dev.timmyloop.workflows.issue;

import dev.timmyloop.activities.agent.AgentActivities;
import dev.timmyloop.activities.git.GitActivities;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.temporal.TemporalActivities;
import dev.timmyloop.activities.tests.TestActivities;
import dev.timmyloop.workflows.merge.LandingRequester;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Recording fakes of the activity interfaces, for the workflow decisions the real activities cannot
 * be made to produce on demand (a hook that rejects once, CI that never finishes, a merge by
 * someone else). Each fake answers from a script (a queue of answers, then a default) and records
 * what it was asked.
 */
public final class RecordingActivities {
  public final RecordingGit git = new RecordingGit();
  public final RecordingKimi kimi = new RecordingKimi();
  public final RecordingTox tox = new RecordingTox();
  public final RecordingGitea gitea = new RecordingGitea();
  public final RecordingState state = new RecordingState();
  public final RecordingSettings settings = new RecordingSettings();
  public final RecordingTemporal temporal;

  public RecordingActivities(WorkflowClient client) {
    temporal = new RecordingTemporal(client);
  }

  public Object[] all() {
    return new Object[] {git, kimi, tox, gitea, state, temporal, settings};
  }

  public static LoopSettings settings() {
    return settings(List.of("Kimi:0.0"), 4);
  }

  /** The canonical record with other panes and another dispatch cap. */
  public static LoopSettings settings(List<String> panes, int maxDispatch) {
    return new LoopSettings(
        "owner/repo",
        "main",
        panes,
        List.of("tox.ini", ".githooks/", ".gitea/"),
        "tox -e unit",
        maxDispatch,
        3,
        3600,
        1800,
        900,
        7200,
        60,
        "localhost",
        null,
        0,
        false,
        false,
        5,
        "serial",
        4);
  }

  private static synchronized <T> T next(Deque<T> script, T fallback) {
    return script.isEmpty() ? fallback : script.poll();
  }

  public static final class RecordingGit implements GitActivities {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Deque<Changes> changes = new ArrayDeque<>();
    public final Deque<CommitOutcome> commits = new ArrayDeque<>();
    public final Deque<RebaseOutcome> rebases = new ArrayDeque<>();
    public final Deque<Integer> behind = new ArrayDeque<>();
    public volatile RuntimeException pushFailure;
    private int pushes;

    public static Changes oneFile() {
      return new Changes(List.of(new FileChange("src/app.py", "M", null)), 4, 1, "diff --git …");
    }

    @Override
    public Worktree addWorktree(AddWorktree r) {
      calls.add("addWorktree " + r.branch() + " " + r.startPoint());
      return new Worktree("/wt/" + r.branch(), r.branch(), "base-sha", false);
    }

    @Override
    public Worktree checkoutWorktree(CheckoutWorktree r) {
      calls.add("checkoutWorktree " + r.branch());
      return new Worktree("/wt/" + r.branch(), r.branch(), "old-head", false);
    }

    @Override
    public void removeWorktree(RemoveWorktree r) {
      calls.add("removeWorktree " + r.path());
    }

    @Override
    public void fetch() {
      calls.add("fetch");
    }

    @Override
    public RefState refState(RefQuery q) {
      calls.add("refState " + q.ref() + " " + q.base());
      return new RefState(q.ref(), "head", next(behind, 0), 1);
    }

    @Override
    public Changes changes(ChangesQuery q) {
      calls.add("changes " + q.base());
      return next(changes, oneFile());
    }

    @Override
    public CommitOutcome commit(CommitRequest r) {
      calls.add("commit " + r.message());
      return next(commits, new CommitOutcome(CommitStatus.COMMITTED, "commit-sha", ""));
    }

    @Override
    public synchronized PushOutcome push(PushRequest r) {
      calls.add("push " + r.branch());
      if (pushFailure != null) throw pushFailure;
      return new PushOutcome(r.branch(), "pushed-" + ++pushes);
    }

    @Override
    public RebaseOutcome rebase(RebaseRequest r) {
      calls.add("rebase " + r.onto());
      return next(rebases, new RebaseOutcome(RebaseStatus.UP_TO_DATE, "old-head", List.of()));
    }

    @Override
    public Candidate buildCandidate(BuildCandidate r) {
      calls.add("buildCandidate " + r.head() + " on " + r.base());
      return new Candidate(CandidateStatus.BUILT, "candidate-" + r.head(), List.of());
    }

    @Override
    public PushOutcome pushCandidate(PushCandidate r) {
      calls.add("pushCandidate " + r.branch() + " " + r.sha());
      return new PushOutcome(r.branch(), r.sha());
    }
  }

  public static final class RecordingKimi implements AgentActivities {
    public final List<JobRequest> dispatched = new CopyOnWriteArrayList<>();
    public final List<String> awaited = new CopyOnWriteArrayList<>();
    public final List<String> cancelled = new CopyOnWriteArrayList<>();
    public final Deque<JobOutcome> outcomes = new ArrayDeque<>();

    /** When set, awaitJob runs (heartbeating) until cancelled, like an agent that never ends. */
    public volatile boolean hang;

    @Override
    public JobTicket dispatch(JobRequest r) {
      dispatched.add(r);
      return new JobTicket(r.jobId(), r.pane(), "/jobs/" + r.jobId(), false);
    }

    @Override
    public JobResult awaitJob(AwaitRequest r) {
      awaited.add(r.jobId());
      long until = System.currentTimeMillis() + 60_000;
      while (hang && System.currentTimeMillis() < until) {
        try {
          Activity.getExecutionContext().heartbeat(r.jobId());
          Thread.sleep(100);
        } catch (ActivityCanceledException | InterruptedException e) {
          throw Activity.wrap(e);
        }
      }
      JobOutcome outcome = next(outcomes, JobOutcome.COMPLETED);
      // The exit codes of the profiles' table: 75 legacy Kimi's RETRY_LATER, 2 Codex's UNUSABLE.
      int exit =
          switch (outcome) {
            case COMPLETED -> 0;
            case RETRY_LATER -> 75;
            case UNUSABLE -> 2;
            default -> 1;
          };
      String agent =
          dispatched.stream()
              .filter(d -> d.jobId().equals(r.jobId()))
              .map(JobRequest::agent)
              .filter(a -> !a.isBlank())
              .findFirst()
              .orElse("kimi-cli");
      return new JobResult(
          r.jobId(), r.pane(), outcome, exit, 1, 10_000, "agent said: done", "/log", agent);
    }

    @Override
    public void cancelJob(String jobId) {
      cancelled.add(jobId);
    }

    @Override
    public AnalysisResult analyze(AnalysisRequest request) {
      throw new UnsupportedOperationException("not used by these workflows");
    }
  }

  public static final class RecordingTox implements TestActivities {
    public final List<String> runs = new CopyOnWriteArrayList<>();
    public final Deque<TestRun> results = new ArrayDeque<>();

    public static TestRun passed() {
      return new TestRun(true, false, 0, 5, 0, 0, 0, List.of(), "5 passed", "/log", 100);
    }

    public static TestRun failed(String id) {
      return new TestRun(false, false, 1, 4, 1, 0, 0, List.of(id), "FAILED " + id, "/log", 100);
    }

    @Override
    public TestRun runTests(TestRequest r) {
      runs.add(r.directory());
      return next(results, passed());
    }

    @Override
    public FormatRun format(TestRequest r) {
      runs.add("format " + r.directory());
      return new FormatRun(true, 0, "");
    }
  }

  public static final class RecordingGitea implements GiteaActivities {
    public final List<NewComment> comments = new CopyOnWriteArrayList<>();
    public final List<LabelChange> labelled = new CopyOnWriteArrayList<>();
    public final List<NewPull> created = new CopyOnWriteArrayList<>();
    public final List<AwaitStatus> awaited = new CopyOnWriteArrayList<>();
    public final Deque<CombinedStatus> statuses = new ArrayDeque<>();

    /**
     * Successive answers of getPull: merged or not (then: merged once {@link #merge} merged it).
     */
    public final Deque<Boolean> merged = new ArrayDeque<>();

    /** The head of every PR read; a rebase through the API moves it. */
    public volatile String head = "old-head";

    public final Deque<UpdateOutcome> updates = new ArrayDeque<>();
    public final Deque<MergeOutcome> merges = new ArrayDeque<>();
    public final List<MergeRequest> mergeRequests = new CopyOnWriteArrayList<>();
    private volatile boolean mergedByUs;

    private final Map<String, PullRequest> pulls = new ConcurrentHashMap<>();

    public static CombinedStatus status(String sha, String state) {
      List<Status> list =
          state.isEmpty()
              ? List.of()
              : List.of(new Status("ci/unit", state, "unit tests", "http://ci/1"));
      return new CombinedStatus(sha, state, list);
    }

    @Override
    public List<Issue> openIssues() {
      return List.of();
    }

    public volatile List<String> labels = List.of();

    @Override
    public Issue getIssue(long n) {
      return new Issue(
          n,
          "Crash on empty input",
          "It crashes.",
          false,
          labels,
          "",
          "http://g/" + n,
          "open",
          false);
    }

    @Override
    public Issue createIssue(NewIssue issue) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void comment(NewComment c) {
      comments.add(c);
    }

    @Override
    public void addLabels(LabelChange change) {
      labelled.add(change);
    }

    @Override
    public void removeLabels(LabelChange change) {}

    @Override
    public List<PullRequest> openPulls() {
      return List.copyOf(pulls.values());
    }

    @Override
    public PullRequest getPull(long n) {
      boolean isMerged = next(merged, mergedByUs);
      return new PullRequest(
          n,
          "a PR",
          isMerged ? "closed" : "open",
          "fix/7-x",
          head,
          "main",
          true,
          isMerged,
          isMerged ? "merge-sha" : "",
          List.of(),
          "http://g/pulls/" + n,
          "");
    }

    @Override
    public Optional<PullRequest> findPull(String base, String head) {
      return Optional.ofNullable(pulls.get(head));
    }

    @Override
    public PullRequest createPull(NewPull p) {
      created.add(p);
      return pulls.computeIfAbsent(
          p.head(),
          h ->
              new PullRequest(
                  100 + pulls.size(),
                  p.title(),
                  "open",
                  h,
                  "pushed-1",
                  p.base(),
                  true,
                  false,
                  "",
                  List.of(),
                  "http://g/pulls/100",
                  ""));
    }

    @Override
    public UpdateOutcome updateBranch(long pull) {
      UpdateOutcome u = next(updates, new UpdateOutcome(UpdateStatus.UPDATED, ""));
      if (u.status() == UpdateStatus.UPDATED) head = "rebased-" + pull;
      return u;
    }

    @Override
    public MergeOutcome merge(MergeRequest request) {
      mergeRequests.add(request);
      MergeOutcome m = next(merges, new MergeOutcome(MergeStatus.MERGED, "merged"));
      if (m.status() == MergeStatus.MERGED) mergedByUs = true;
      return m;
    }

    @Override
    public List<String> mergeStyles() {
      return List.of("squash");
    }

    @Override
    public CombinedStatus combinedStatus(String sha) {
      return status(sha, "success");
    }

    @Override
    public CombinedStatus awaitStatus(AwaitStatus r) {
      awaited.add(r);
      CombinedStatus s = next(statuses, status(r.sha(), "success"));
      return new CombinedStatus(r.sha(), s.state(), s.statuses());
    }

    @Override
    public String ciFailureLog(String sha) {
      return "FAILED tests/test_app.py::test_empty on " + sha;
    }

    @Override
    public FindingIssue fileFinding(NewFinding finding) {
      throw new UnsupportedOperationException("the cycle files findings");
    }

    @Override // no CI flips here
    public List<PostedStatus> statusHistory(String sha) {
      return List.of();
    }
  }

  /** Stands in for the merge queue: answers the requester's {@code landed} signal at once. */
  public static final class RecordingTemporal implements TemporalActivities {
    public final List<LandingRequest> requests = new CopyOnWriteArrayList<>();

    /** The queue's answer to a ticket; null leaves the requester waiting. */
    public volatile Function<LandTicket, LandResult> answer =
        t ->
            new LandResult(
                t.pull(),
                dev.timmyloop.workflows.merge.MergeQueue.LandStatus.MERGED,
                t.expectedHeadSha(),
                "merge-commit-1",
                false,
                "",
                null);

    private final WorkflowClient client;

    RecordingTemporal(WorkflowClient client) {
      this.client = client;
    }

    @Override
    public void requestLanding(LandingRequest r) {
      requests.add(r);
      LandResult result = answer == null ? null : answer.apply(r.ticket());
      if (result != null) {
        client
            .newUntypedWorkflowStub(r.ticket().requesterWorkflowId())
            .signal(LandingRequester.LANDED_SIGNAL, result);
      }
    }
  }
}
