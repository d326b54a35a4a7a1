package dev.timmyloop.workflows.phases;

import dev.timmyloop.activities.agent.AgentActivities;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities;
import dev.timmyloop.activities.tests.TestActivities;
import dev.timmyloop.activities.tmux.TmuxActivities;
import dev.timmyloop.workflows.issue.RecordingActivities;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Recording fakes of the activities the phases, the cycle and the loop call, for their workflow
 * tests: each answers what the test set (or fails with it) and records what it was asked.
 */
public final class PhaseFakes {
  private PhaseFakes() {}

  /**
   * One host, three panes, two jobs and three filed issues at most a cycle; the canonical record.
   */
  public static LoopSettings settings() {
    return RecordingActivities.settings(List.of("Kimi:0.0", "Kimi:0.1", "Kimi:0.2"), 2);
  }

  public static GiteaActivities.Issue issue(long n, String title, String... labels) {
    return new GiteaActivities.Issue(
        n,
        title,
        "body of " + n,
        false,
        List.of(labels),
        "2026-01-0" + (n % 9 + 1),
        "http://g/" + n,
        "open",
        false);
  }

  private static synchronized <T> T next(Deque<T> script, T fallback) {
    return script.isEmpty() ? fallback : script.poll();
  }

  /** The settings and the prompt template as the worker would read them. */
  public static final class Settings implements SettingsActivities {
    public volatile LoopSettings settings = PhaseFakes.settings();

    /** When set, reading the template fails with it (a bad template). */
    public volatile RuntimeException templateFailure;

    @Override
    public LoopSettings settings() {
      return settings;
    }

    @Override
    public String promptTemplate() {
      if (templateFailure != null) throw templateFailure;
      return "";
    }
  }

  /** The forge's issues and PRs; issues filed here get numbers from 500. */
  public static final class Forge implements GiteaActivities {
    public final List<Issue> open = new CopyOnWriteArrayList<>();
    public final List<PullRequest> pulls = new CopyOnWriteArrayList<>();
    public final List<NewIssue> created = new CopyOnWriteArrayList<>();
    public final List<NewFinding> findings = new CopyOnWriteArrayList<>();
    public volatile RuntimeException createFailure;
    public volatile RuntimeException openFailure;
    private long nextNumber = 500;

    @Override
    public List<Issue> openIssues() {
      if (openFailure != null) throw openFailure;
      return List.copyOf(open);
    }

    @Override
    public synchronized Issue createIssue(NewIssue n) {
      if (createFailure != null) throw createFailure;
      created.add(n);
      Issue i =
          new Issue(
              nextNumber++,
              n.title(),
              n.body(),
              false,
              n.labels(),
              "2026-02-01",
              "http://g/x",
              "open",
              false);
      open.add(i);
      return i;
    }

    @Override
    public synchronized FindingIssue fileFinding(NewFinding f) {
      findings.add(f);
      return new FindingIssue(nextNumber++, true);
    }

    @Override
    public List<PullRequest> openPulls() {
      return List.copyOf(pulls);
    }

    /** CI statuses posted on a sha, newest first. */
    public final Map<String, List<PostedStatus>> history = new ConcurrentHashMap<>();

    @Override
    public List<PostedStatus> statusHistory(String sha) {
      return history.getOrDefault(sha, List.of());
    }

    @Override
    public Issue getIssue(long number) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void comment(NewComment comment) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void addLabels(LabelChange change) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void removeLabels(LabelChange change) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PullRequest getPull(long number) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<PullRequest> findPull(String base, String head) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PullRequest createPull(NewPull pull) {
      throw new UnsupportedOperationException();
    }

    @Override
    public UpdateOutcome updateBranch(long pull) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MergeOutcome merge(MergeRequest request) {
      throw new UnsupportedOperationException();
    }

    /** Combined statuses by sha; none posted: Gitea's empty answer. */
    public final Map<String, CombinedStatus> combined = new ConcurrentHashMap<>();

    @Override
    public List<String> mergeStyles() {
      return List.of("squash");
    }

    @Override
    public CombinedStatus combinedStatus(String sha) {
      return combined.getOrDefault(sha, new CombinedStatus(sha, "", List.of()));
    }

    @Override
    public CombinedStatus awaitStatus(AwaitStatus request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String ciFailureLog(String sha) {
      throw new UnsupportedOperationException();
    }
  }

  /** State files: claims others hold, what was claimed, released and recorded. */
  public static final class State implements StateFileActivities {
    public volatile LoopState state = new LoopState(0, List.of(), List.of(), Map.of(), List.of());

    /** Issue number → holder of a claim someone else holds. */
    public final Map<Long, Holder> heldByOthers = new ConcurrentHashMap<>();

    public final List<ClaimRequest> claims = new CopyOnWriteArrayList<>();
    public final List<Release> released = new CopyOnWriteArrayList<>();
    public final List<CycleRecord> records = new CopyOnWriteArrayList<>();
    public final List<String> correspondence = new CopyOnWriteArrayList<>();
    public final List<ReportedFailure> remembered = new CopyOnWriteArrayList<>();
    public volatile RuntimeException claimFailure;
    public volatile RuntimeException recordFailure;

    @Override
    public LoopState readState() {
      return state;
    }

    @Override
    public ClaimOutcome claim(ClaimRequest r) {
      if (claimFailure != null) throw claimFailure;
      claims.add(r);
      Holder other = heldByOthers.get(r.issue());
      return other != null
          ? new ClaimOutcome(ClaimStatus.HELD_BY_OTHER, new Claim(r.issue(), other, "t0", "t1"))
          : new ClaimOutcome(ClaimStatus.CLAIMED, new Claim(r.issue(), r.holder(), "t0", "t1"));
    }

    @Override
    public void release(Release r) {
      released.add(r);
    }

    @Override
    public void appendCycleRecord(CycleRecord record) {
      if (recordFailure != null) throw recordFailure;
      records.add(record);
    }

    @Override
    public void recordJobEnd(JobRecord end) {}

    @Override
    public void rememberReportedFailure(ReportedFailure failure) {
      remembered.add(failure);
    }

    /** The findings ledger, oldest first; what was dropped from it. */
    public final List<PendingFinding> pending = new CopyOnWriteArrayList<>();

    public final List<String> dropped = new CopyOnWriteArrayList<>();

    @Override
    public void pendFindings(PendingFindings findings) {
      pending.addAll(findings.findings());
    }

    @Override
    public PendingFindings pendingFindings(int max) {
      return new PendingFindings(pending.stream().limit(max).toList());
    }

    @Override
    public void dropPendingFindings(List<String> signatures) {
      dropped.addAll(signatures);
      pending.removeIf(p -> signatures.contains(p.signature()));
    }

    @Override
    public void appendCorrespondence(String markdown) {
      correspondence.add(markdown);
    }
  }

  /** The agent panes of the one host. */
  public static final class Panes implements TmuxActivities {
    public volatile List<PaneStatus> panes =
        List.of(idle("Kimi:0.0"), idle("Kimi:0.1"), idle("Kimi:0.2"));

    public static PaneStatus idle(String target) {
      return new PaneStatus(target, "%" + target.hashCode(), true, true, "bash", "", "");
    }

    public static PaneStatus running(String target, String jobId) {
      return new PaneStatus(target, "%" + target.hashCode(), false, true, "bash", jobId, "");
    }

    @Override
    public SessionState ensureSession() {
      return new SessionState("Kimi", panes, List.of());
    }

    @Override
    public List<PaneStatus> paneStatus() {
      return panes;
    }
  }

  /** The test command: scripted runs, then green; records the folders and labels. */
  public static final class Tests implements TestActivities {
    public final List<TestRequest> runs = new CopyOnWriteArrayList<>();
    public final Deque<TestRun> results = new ArrayDeque<>();
    public volatile RuntimeException failure;

    public static TestRun green() {
      return new TestRun(true, false, 0, 5, 0, 0, 0, List.of(), "5 passed", "/log", 100);
    }

    public static TestRun red(String... ids) {
      return new TestRun(
          false,
          false,
          1,
          4,
          ids.length,
          0,
          0,
          List.of(ids),
          "FAILED " + String.join(" ", ids),
          "/log",
          100);
    }

    @Override
    public TestRun runTests(TestRequest r) {
      runs.add(r);
      if (failure != null) throw failure;
      return next(results, green());
    }

    @Override
    public FormatRun format(TestRequest r) {
      throw new UnsupportedOperationException();
    }
  }

  /** The agent's analysis run of phase 3. */
  public static final class Analyst implements AgentActivities {
    public final List<AnalysisRequest> asked = new CopyOnWriteArrayList<>();
    public volatile AnalysisResult answer =
        new AnalysisResult(List.of(), List.of(), "/log", List.of());
    public volatile RuntimeException failure;

    @Override
    public AnalysisResult analyze(AnalysisRequest r) {
      asked.add(r);
      if (failure != null) throw failure;
      return answer;
    }

    @Override
    public JobTicket dispatch(JobRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JobResult awaitJob(AwaitRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancelJob(String jobId) {
      throw new UnsupportedOperationException();
    }
  }
}
