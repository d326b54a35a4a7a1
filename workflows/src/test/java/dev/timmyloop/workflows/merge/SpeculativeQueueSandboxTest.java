package dev.timmyloop.workflows.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.git.GitActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaActivities.NewPull;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaOptions;
import dev.timmyloop.activities.settings.SettingsActivities;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.temporal.TemporalActivities.LandTicket;
import dev.timmyloop.config.ConfigLoader;
import dev.timmyloop.sandbox.SandboxForge;
import dev.timmyloop.workflows.merge.MergeQueue.LandResult;
import dev.timmyloop.workflows.merge.MergeQueue.LandStatus;
import dev.timmyloop.workflows.merge.MergeQueue.QueueState;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speculative queue end to end with the real sandbox forge (real CI, fast-forward-only merges)
 * and real git in a home clone; only Temporal is the in-process test server. The invariant: main
 * only ever moves to a sha whose combined status is success, one commit per merged PR, linear.
 */
@Timeout(180)
class SpeculativeQueueSandboxTest {
  static final String TOKEN = "sandbox-SENTINEL-spec-token";
  static final String OWNER = "timmy";
  static final String NAME = "spec";

  /** CI fails when the commit has a file RED, so a PR makes itself (and what stacks on it) red. */
  static final List<String> CI =
      List.of("python3", "-c", "import os,sys; sys.exit(1 if os.path.exists('RED') else 0)");

  @WorkflowInterface
  public interface Waiter extends LandingRequester {
    @WorkflowMethod
    LandResult awaitAnswer();
  }

  public static class WaiterImpl implements Waiter {
    private LandResult answer;

    @Override
    public LandResult awaitAnswer() {
      Workflow.await(() -> answer != null);
      return answer;
    }

    @Override
    public void landed(LandResult result) {
      answer = result;
    }
  }

  /** Speculative settings for the sandbox repository. */
  public static class Settings implements SettingsActivities {
    @Override
    public LoopSettings settings() {
      return new LoopSettings(
          OWNER + "/" + NAME,
          "main",
          List.of("Kimi:0.0"),
          List.of(),
          "true",
          4,
          3,
          3600,
          1800,
          120,
          7200,
          60,
          "localhost",
          null,
          0,
          false,
          false,
          5,
          "speculative",
          3);
    }

    @Override
    public String promptTemplate() {
      return "";
    }
  }

  @TempDir Path tmp;
  SandboxForge forge;
  TestWorkflowEnvironment env;
  Path bare;
  Path dev;
  GiteaActivitiesImpl gitea;
  String seed;
  WorkflowExecution firstRun;

  @BeforeEach
  void setUp() throws Exception {
    forge = SandboxForge.start(tmp.resolve("forge"), 0, TOKEN);
    forge.setCi(4, Duration.ZERO);
    bare = forge.createRepo(OWNER, NAME);
    forge.allowMergeStyles(OWNER, NAME, Set.of("fast-forward-only"));
    git(bare, "config", "core.logAllRefUpdates", "always"); // a reflog of every move of main
    dev = tmp.resolve("dev");
    git(tmp, "clone", "-q", bare.toString(), dev.toString());
    git(dev, "checkout", "-q", "-b", "main");
    write(dev.resolve("README.md"), "hello\n");
    git(dev, "add", "-A");
    git(dev, "commit", "-q", "-m", "initial");
    git(dev, "push", "-q", "origin", "main");
    seed = git(dev, "rev-parse", "HEAD");
    forge.setTestCommand(OWNER, NAME, CI);
    gitea = new GiteaActivitiesImpl(GiteaOptions.of(forge.baseUrl(), OWNER, NAME, () -> TOKEN));

    Path home = tmp.resolve("home");
    git(tmp, "clone", "-q", bare.toString(), home.toString());
    git(home, "config", "user.name", "Timmy Loop");
    git(home, "config", "user.email", "loop@example.invalid");
    Map<String, String> config = new HashMap<>();
    config.put("HOME", tmp.toString());
    config.put("TIMMY_REPO_PATH", home.toString());
    config.put("TIMMY_WORKTREE_ROOT", tmp.resolve("worktrees").toString());
    config.put("TIMMY_STATE_DIR", tmp.resolve("state").toString());

    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker("spec");
    worker.registerWorkflowImplementationTypes(MergeQueueImpl.class, WaiterImpl.class);
    worker.registerActivitiesImplementations(
        new GitActivitiesImpl(ConfigLoader.load(config, null)), gitea, new Settings());
    env.start();
  }

  @AfterEach
  void tearDown() {
    if (env != null) env.close();
    if (forge != null) forge.close();
  }

  /** PRs from main, {@code fix/1}… each adding its files, pushed at once; their numbers. */
  private List<Long> pulls(List<List<String>> files) {
    List<String> push = new ArrayList<>(List.of("push", "-q", "-f", "origin"));
    for (int i = 1; i <= files.size(); i++) {
      String branch = "fix/" + i;
      git(dev, "checkout", "-q", "-B", branch, seed);
      for (String file : files.get(i - 1)) write(dev.resolve(file), branch + "\n");
      git(dev, "add", "-A");
      git(dev, "commit", "-q", "-m", "work on " + branch);
      push.add(branch);
    }
    git(dev, push.toArray(String[]::new));
    List<Long> numbers = new ArrayList<>();
    for (String branch : push.subList(4, push.size())) {
      numbers.add(gitea.createPull(new NewPull("Fix " + branch, "body", branch, "main")).number());
    }
    return numbers;
  }

  /**
   * Queues {@code pulls} in order and returns each requester's answer, by requester id ({@code
   * job-N}; a PR queued again, as a retried signal would, asks as {@code job-N-again}).
   */
  private Map<String, LandResult> land(List<Long> pulls) {
    WorkflowClient client = env.getWorkflowClient();
    List<LandTicket> tickets = new ArrayList<>();
    Map<String, Waiter> waiters = new LinkedHashMap<>();
    for (long n : pulls) {
      String id = waiters.containsKey("job-" + n) ? "job-" + n + "-again" : "job-" + n;
      Waiter w =
          client.newWorkflowStub(
              Waiter.class,
              WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("spec").build());
      WorkflowClient.start(w::awaitAnswer);
      waiters.put(id, w);
      String head = gitea.getPull(n).headSha();
      tickets.add(new LandTicket(id, n, head, "Fix #" + n, "Closes #" + (100 + n), 120));
    }
    MergeQueue queue =
        client.newWorkflowStub(
            MergeQueue.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(MergeQueue.workflowId(OWNER + "/" + NAME))
                .setTaskQueue("spec")
                .build());
    firstRun = WorkflowClient.start(queue::run, new QueueState(tickets, 0));
    Map<String, LandResult> answers = new LinkedHashMap<>();
    waiters.forEach((n, w) -> answers.put(n, w.awaitAnswer()));
    return answers;
  }

  /** Every sha main moved to after the seed: each has green CI, one parent, one merged PR. */
  private List<String> assertInvariant(List<Long> merged) throws InterruptedException {
    // A move of main runs CI on it again (pending meanwhile); the statuses are read once it is
    // done.
    assertTrue(forge.awaitCiIdle(Duration.ofSeconds(60)));
    List<String> moves =
        new ArrayList<>(git(bare, "reflog", "show", "--format=%H", "main").lines().toList());
    java.util.Collections.reverse(moves); // oldest first
    moves.remove(seed);
    List<String> ours = new ArrayList<>();
    for (String sha : moves) {
      // Its candidate's run was green; a later main-branch run on it may have been cancelled by the
      // next move of main (Gitea cancels a branch's unfinished runs on a push): no failure else.
      var history = gitea.statusHistory(sha);
      assertTrue(
          history.stream().anyMatch(h -> h.state().equals("success")), "main moved to " + sha);
      assertTrue(
          history.stream().noneMatch(h -> !h.cancelled() && h.state().matches("failure|error")),
          "main moved to " + sha + ": " + history);
      assertEquals(2, git(bare, "rev-list", "--parents", "-n", "1", sha).split(" ").length);
      if (git(bare, "log", "-1", "--format=%s", sha).startsWith("Fix #")) ours.add(sha);
    }
    List<String> subjects =
        ours.stream().map(sha -> git(bare, "log", "-1", "--format=%s", sha)).toList();
    assertEquals(merged.stream().map(n -> "Fix #" + n + " (#" + n + ")").toList(), subjects);
    assertEquals("", git(bare, "rev-list", "--min-parents=2", "main"), "linear history");
    return moves;
  }

  @Test
  void aRedCandidateIsEjectedAndTheOthersLandOnGreenShasOnlyAcrossContinueAsNew() throws Exception {
    List<List<String>> files = new ArrayList<>();
    for (int i = 1; i <= 12; i++)
      files.add(i == 2 ? List.of("f2.txt", "RED") : List.of("f" + i + ".txt"));
    List<Long> pulls = pulls(files);
    long one = pulls.get(0);
    long red = pulls.get(1);
    List<Long> queued = new ArrayList<>(List.of(one, red, one)); // PR 1 asked twice
    queued.addAll(pulls.subList(2, 12));
    List<Long> merged = new ArrayList<>(pulls);
    merged.remove(red);

    Map<String, LandResult> answers = land(queued);

    for (long n : merged) {
      LandResult r = answers.get("job-" + n);
      assertEquals(LandStatus.MERGED, r.status(), n + ": " + r.message());
      assertTrue(gitea.getPull(n).merged());
    }
    assertEquals(answers.get("job-" + one), answers.get("job-" + one + "-again"));
    LandResult ejected = answers.get("job-" + red);
    assertEquals(LandStatus.CI_FAILED, ejected.status(), ejected.message());
    assertTrue(ejected.message().contains("failure"), ejected.message());
    assertFalse(gitea.getPull(red).merged());
    List<String> moves = assertInvariant(merged);
    assertEquals(11, moves.size(), moves::toString);
    assertEquals(
        answers.get("job-" + merged.get(10)).mergeCommitSha(), git(bare, "rev-parse", "main"));
    for (int k = 0; k < merged.size(); k++) {
      long n = merged.get(merged.size() - 1 - k);
      assertEquals(
          "f" + n + ".txt",
          git(bare, "diff-tree", "--no-commit-id", "--name-only", "-r", "main~" + k),
          "one change per commit, never another PR's");
    }
    assertEquals(
        "Closes #101",
        git(bare, "log", "-1", "--format=%b", answers.get("job-" + one).mergeCommitSha()));
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
        status(firstRun),
        "ten landings a run: the line went on in a new run");
  }

  private WorkflowExecutionStatus status(WorkflowExecution run) {
    return env.getWorkflowClient()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setExecution(run)
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  @Test
  void mainMovedBySomeoneElseRebuildsTheLineOnIt() throws Exception {
    forge.setCi(4, Duration.ofSeconds(2));
    // PR 3 conflicts with what someone else puts on main.
    List<Long> pulls = pulls(List.of(List.of("one.txt"), List.of("two.txt"), List.of("other.txt")));
    long one = pulls.get(0);
    long two = pulls.get(1);
    long clash = pulls.get(2);
    String original = git(bare, "rev-parse", "fix/1");
    String clashHead = git(bare, "rev-parse", "fix/3");
    Thread other =
        new Thread(
            () -> {
              // Once the head's candidate is in CI, someone else pushes to main.
              long until = System.currentTimeMillis() + 60_000;
              while (git(bare, "rev-parse", "fix/1").equals(original)
                  && System.currentTimeMillis() < until) {
                sleep(20);
              }
              git(dev, "checkout", "-q", "-B", "main", seed);
              write(dev.resolve("other.txt"), "other\n");
              git(dev, "add", "-A");
              git(dev, "commit", "-q", "-m", "someone else");
              git(dev, "push", "-q", "origin", "main");
            });
    other.start();

    Map<String, LandResult> answers = land(List.of(one, two, clash));
    other.join();

    for (long n : List.of(one, two)) {
      LandResult r = answers.get("job-" + n);
      assertEquals(LandStatus.MERGED, r.status(), r.message());
    }
    List<String> moves = assertInvariant(List.of(one, two));
    assertEquals(3, moves.size(), "someone else's commit, then ours on top of it");
    LandResult conflict = answers.get("job-" + clash);
    assertEquals(LandStatus.CONFLICT, conflict.status(), conflict.message());
    assertTrue(conflict.message().contains("other.txt"), conflict.message());
    assertEquals(
        clashHead,
        git(bare, "rev-parse", "fix/3"),
        "its candidate stacked on the others was taken back off its branch");
    assertEquals("someone else", git(bare, "log", "-1", "--format=%s", moves.get(0)));
    assertNotEquals(original, git(bare, "rev-parse", "main"));
    assertEquals(
        List.of("README.md", "one.txt", "other.txt", "two.txt"),
        git(bare, "ls-tree", "--name-only", "main").lines().toList());
  }

  @Test
  void aRepositoryWithoutFastForwardOnlyMergesIsToldSoAndNothingIsPushed() throws Exception {
    forge.allowMergeStyles(OWNER, NAME, Set.of("squash"));
    List<Long> numbers = pulls(List.of(List.of("a.txt")));
    String head = gitea.getPull(numbers.get(0)).headSha();

    LandResult answer = land(numbers).get("job-" + numbers.get(0));

    assertEquals(LandStatus.NOT_READY, answer.status(), answer.toString());
    assertEquals(SpeculativeQueue.NO_FAST_FORWARD, answer.message());
    assertEquals(head, gitea.getPull(numbers.get(0)).headSha(), "no candidate pushed");
    assertEquals(seed, git(bare, "rev-parse", "main"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Runs git with a test identity; fails loudly; returns trimmed output. */
  static String git(Path dir, String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=Dev"));
    argv.addAll(List.of("-c", "user.email=dev@example.invalid"));
    argv.addAll(List.of(args));
    try {
      ProcessBuilder pb =
          new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new AssertionError("git " + String.join(" ", args) + ":\n" + out);
      return out.trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
