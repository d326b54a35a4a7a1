package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.tmux.PaneInspector;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole cycle whose agents take a minute, cancelled from outside while they work. The jobs
 * outlive a cycle that ends, but a cancelled cycle's phase 5 cancels the jobs it waits on. Every
 * job must leave nothing behind.
 */
@Timeout(180)
class CycleCancelledTest {
  private static final String CYCLE_ID = "timmy-cycle-1";

  @TempDir Path root;

  @Test
  void aCycleCancelledWhileTheAgentsWork_cancelsItsJobsAndLeavesNoWorktreeClaimPaneOrAgent()
      throws Exception {
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ofSeconds(60), Map.of())) {
      // Phase 1 would repair and land the demo's two PRs first (a minute per agent run); close
      // them so the cycle goes straight to the issues.
      assertEquals(201, w.closeByHand(w.demo.stalePr()));
      assertEquals(201, w.closeByHand(w.demo.failingPr()));
      List<Long> issues = w.demo.issues();
      WorkflowClient client = w.client();
      TimmyCycle cycle =
          client.newWorkflowStub(
              TimmyCycle.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(CYCLE_ID)
                  .setTaskQueue(w.config.taskQueue())
                  .build());
      WorkflowClient.start(cycle::run, new CycleInput(null, null, null, true, null));

      // The agents run: each job's runner and its fake-kimi process are alive.
      ScenarioWorld.awaitTrue(
          "three agents working",
          Duration.ofSeconds(120),
          () -> issues.stream().allMatch(n -> runnerAlive(w, n)) && agentPids(w).size() == 3);
      List<Long> pids = new ArrayList<>(agentPids(w));
      for (long n : issues) pids.add(runnerPid(w, n));
      assertEquals(3, w.liveClaims().size(), "claims while working: " + w.liveClaims());
      assertEquals(3, w.worktreeDirs().size(), "worktrees while working: " + w.worktreeDirs());

      WorkflowStub cycleStub = client.newUntypedWorkflowStub(CYCLE_ID);
      cycleStub.cancel();

      for (long n : issues) {
        WorkflowStub job = client.newUntypedWorkflowStub(IssueJob.workflowId(n));
        WorkflowFailedException e =
            assertThrows(
                WorkflowFailedException.class,
                () -> job.getResult(120, TimeUnit.SECONDS, IssueJobResult.class),
                "#" + n);
        assertInstanceOf(CanceledFailure.class, e.getCause(), "#" + n);
        assertEquals(
            WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
            w.status(IssueJob.workflowId(n)),
            "#" + n);
      }
      assertThrows(
          WorkflowFailedException.class,
          () -> cycleStub.getResult(120, TimeUnit.SECONDS, TimmyCycle.CycleResult.class));
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, w.status(CYCLE_ID));

      assertEquals(List.of(), w.worktreeDirs(), "worktree root is empty");
      assertEquals(List.of(), w.linkedWorktrees(), "git knows no linked worktree");
      assertEquals(List.of(), w.liveClaims(), "no live claim");
      assertTrue(
          w.panes().stream().allMatch(p -> p.alive() && p.idle() && p.jobId().isEmpty()),
          "every pane idle with no job: " + w.panes());
      ScenarioWorld.awaitTrue(
          "agent processes gone " + pids,
          Duration.ofSeconds(10),
          () -> pids.stream().noneMatch(PaneInspector::alive));
      // The fake agent logs a run when it finishes; none of these did.
      assertEquals(0, w.agentLog().size(), "finished agent runs: " + w.agentLog());
      for (long n : issues) assertEquals("open", w.forge.getIssue(n).state(), "#" + n);
    }
  }

  private static boolean runnerAlive(ScenarioWorld w, long issue) {
    long pid = runnerPid(w, issue);
    return pid > 0 && PaneInspector.alive(pid);
  }

  /** The runner's pid, from the job folder the runner script writes it to. */
  private static long runnerPid(ScenarioWorld w, long issue) {
    try {
      Path pid = w.jobDir("issue-" + issue + "-1-a1").resolve("pid");
      return Files.exists(pid) ? Long.parseLong(Files.readString(pid).trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** Live processes running this world's fake-kimi script. */
  private static List<Long> agentPids(ScenarioWorld w) {
    String script = w.demo.root().resolve("bin").resolve("fake-kimi").toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> cmdline(p).contains(script))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .filter(PaneInspector::alive)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
