package dev.timmyloop.worker.scenarios;

import static dev.timmyloop.worker.scenarios.IssueJobGivesUpTest.assertCleanedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Panes whose shells are still in their rc files, as a person's are: a slow profile, or pyenv's
 * rehash waiting on the lock a killed shell left behind. The job starts at once all the same,
 * because it replaces the pane's process instead of being typed into the shell: the agent's runner
 * is up while every shell of the session is still in its rc file.
 */
@Timeout(240)
class SlowShellTest {
  @TempDir Path root;

  @Test
  void aShellStillInItsRcFileDoesNotDelayTheJob() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      Path home = Files.createDirectories(root.resolve("home"));
      Path go = home.resolve("go");
      // Up to 120 s, unless the test says go: far longer than the whole job takes.
      writeRc(home, "for i in $(seq 600); do [ -e '" + go + "' ] && break; sleep 0.2; done\n");
      startSessionOfRcShells(w, home);

      IssueJob job = runJobAndAwaitItsRunner(w, home);
      Files.writeString(go, "");
      IssueJobResult result = awaitLanded(w, job);
      Path jobDir = w.jobDir("issue-" + w.demo.issues().get(0) + "-1-a1");

      assertEquals(1, result.agentRuns(), "one attempt: " + result);
      assertFalse(Files.exists(jobDir.resolve("outcome")), "not given up: " + jobDir);
      assertCleanedUp(w, w.demo.issues().get(0));
    }
  }

  @Test
  void aStalePyenvLockDoesNotDelayTheJob() throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ZERO, Map.of())) {
      Path home = Files.createDirectories(root.resolve("home"));
      Path shims = Files.createDirectories(home.resolve(".pyenv").resolve("shims"));
      // What a shell killed in the middle of `pyenv rehash` leaves behind.
      Path lock = Files.writeString(shims.resolve(".pyenv-shim"), "");
      writeRc(home, pyenvInit());
      startSessionOfRcShells(w, home);

      IssueJob job = runJobAndAwaitItsRunner(w, home);
      Files.deleteIfExists(lock);
      IssueJobResult result = awaitLanded(w, job);

      assertEquals(1, result.agentRuns(), "one attempt: " + result);
      assertCleanedUp(w, w.demo.issues().get(0));
    }
  }

  /**
   * pyenv's own init with a private root, when pyenv is installed (it is on our machines): its
   * rehash waits up to 60 s for the lock. Elsewhere the same wait, written out.
   */
  private static String pyenvInit() {
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "bin", "pyenv");
    if (Files.isExecutable(pyenv)) {
      return "export PYENV_ROOT=\"$HOME/.pyenv\"\neval \"$('" + pyenv + "' init -)\"\n";
    }
    return "for i in $(seq 600); do ( set -o noclobber; : > \"$HOME/.pyenv/shims/.pyenv-shim\" )"
        + " 2>/dev/null && { rm -f \"$HOME/.pyenv/shims/.pyenv-shim\"; break; }; sleep 0.1; done\n";
  }

  /** A .bashrc that marks its start and its end (by the shell's pid) around {@code body}. */
  private static void writeRc(Path home, String body) throws Exception {
    Files.writeString(
        home.resolve(".bashrc"),
        ": > \"$HOME/rc-started-$$\"\n" + body + ": > \"$HOME/rc-done-$$\"\nPS1='$ '\n");
  }

  /**
   * Replaces the world's tmux server with one whose panes run interactive shells reading the test's
   * own {@code .bashrc} (in {@code home}), and waits until each is inside it.
   */
  private static void startSessionOfRcShells(ScenarioWorld w, Path home) throws Exception {
    String socket = w.config.tmuxSocket();
    new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor(30, TimeUnit.SECONDS);
    Path conf =
        Files.writeString(home.resolve("tmux.conf"), "set -g default-command \"exec bash -i\"\n");
    String session = w.config.tmuxSession();
    for (int attempt = 1; ; attempt++) {
      // The old server may still be going away: try again until the new one stays up.
      try {
        tmux(
            home,
            "-L",
            socket,
            "-f",
            conf.toString(),
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "200",
            "-y",
            "50");
        break;
      } catch (IllegalStateException e) {
        if (attempt >= 20) throw e;
        Thread.sleep(500);
      }
    }
    for (int i = 1; i < w.config.panes(); i++) {
      tmux(home, "-L", socket, "split-window", "-d", "-t", "=" + session + ":0");
    }
    ScenarioWorld.awaitTrue(
        "every pane's shell inside its .bashrc",
        Duration.ofSeconds(30),
        () -> markers(home, "rc-started-").size() == w.config.panes());
  }

  /**
   * Starts the issue's job and waits until its runner has recorded its pid. Then every shell of the
   * session must still be in its rc file (none has written its end marker): nothing waited for
   * them. The dispatch activity's time, from the history, is printed for the record.
   */
  private static IssueJob runJobAndAwaitItsRunner(ScenarioWorld w, Path home) throws Exception {
    long n = w.demo.issues().get(0);
    Path jobDir = w.jobDir("issue-" + n + "-1-a1");
    IssueJob job = w.issueJob(n);
    WorkflowClient.start(job::run, w.claimAndPrepare(n));
    ScenarioWorld.awaitTrue(
        "the job's runner started",
        Duration.ofSeconds(60),
        () -> Files.exists(jobDir.resolve("pid")));
    assertEquals(List.of(), markers(home, "rc-done-"), "the shells are all still in .bashrc");
    System.out.println("SlowShellTest: Agent.Dispatch took " + dispatchMillis(w, n) + " ms");
    return job;
  }

  private static IssueJobResult awaitLanded(ScenarioWorld w, IssueJob job) throws Exception {
    IssueJobResult result =
        WorkflowStub.fromTyped(job).getResult(150, TimeUnit.SECONDS, IssueJobResult.class);
    assertEquals(Outcome.LANDED, result.outcome(), result.toString());
    assertTrue(w.forge.isMerged(result.pull()));
    return result;
  }

  /** From the dispatch activity's scheduling to its completion, in the job's history. */
  private static long dispatchMillis(ScenarioWorld w, long issue) throws Exception {
    String id = IssueJob.workflowId(issue);
    ScenarioWorld.awaitTrue(
        "dispatch completed", Duration.ofSeconds(30), () -> dispatchEvents(w, id).size() == 2);
    List<HistoryEvent> events = dispatchEvents(w, id);
    return (events.get(1).getEventTime().getSeconds() - events.get(0).getEventTime().getSeconds())
            * 1000
        + (events.get(1).getEventTime().getNanos() - events.get(0).getEventTime().getNanos())
            / 1_000_000;
  }

  private static List<HistoryEvent> dispatchEvents(ScenarioWorld w, String workflowId) {
    List<HistoryEvent> events = w.client().fetchHistory(workflowId).getEvents();
    long scheduled =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .filter(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("Agent.Dispatch"))
            .mapToLong(HistoryEvent::getEventId)
            .findFirst()
            .orElse(-1);
    return events.stream()
        .filter(
            e ->
                e.getEventId() == scheduled
                    || (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
                        && e.getActivityTaskCompletedEventAttributes().getScheduledEventId()
                            == scheduled))
        .toList();
  }

  private static List<Path> markers(Path home, String prefix) {
    try (Stream<Path> s = Files.list(home)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * tmux with {@code HOME} set to the test's home, so a server it starts gives shells that home.
   */
  private static void tmux(Path home, String... args) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(Stream.concat(Stream.of("tmux"), Stream.of(args)).toList());
    pb.environment().put("HOME", home.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + out);
    }
  }
}
