package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.state.StateFileActivities.ClaimRequest;
import dev.timmyloop.activities.state.StateFileActivities.ClaimStatus;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.Registration;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobInput;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import dev.timmyloop.workflows.issue.IssueJob.Outcome;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "Several hosts": host activities run on {@code timmy-loop@<host>}, each host with its
 * own worker, clone, worktree root and tmux server; the home host keeps the state files. One cycle
 * uses the panes of both hosts without dispatching an issue twice, and a job whose host has no
 * worker moves to another host after the schedule-to-start limit (5 s here).
 */
class SeveralHostsTest {
  @TempDir Path root;

  @Test
  void oneCycleDrivesThePanesOfBothHosts() throws Exception {
    Map<String, String> onePaneEach = Map.of("TIMMY_PANES", "1", "TIMMY_MAX_DISPATCH", "2");
    try (ScenarioWorld world =
        ScenarioWorld.createHosts(
            root, Duration.ZERO, onePaneEach, List.of("a", "b"), List.of("a", "b"))) {
      CycleResult result = world.cycle(1, new CycleInput(null, 2, false, true, null));

      assertEquals("ok", result.outcome(), result.toString());
      assertEquals(2, result.dispatched().size(), result.toString());
      assertEquals(
          2, new HashSet<>(result.dispatched()).size(), "an issue dispatched twice: " + result);
      assertEquals(Set.copyOf(result.dispatched()), Set.copyOf(result.landed()), result.toString());
      Set<String> panes = new HashSet<>();
      for (long issue : result.dispatched()) {
        IssueJobResult job = jobResult(world.client(), issue);
        assertEquals(Outcome.LANDED, job.outcome(), job.toString());
        panes.add(job.pane());
        assertEquals(1, world.agentRuns("issue-" + issue), "agent runs for #" + issue);
      }
      assertEquals(Set.of("Kimi:0.0@a", "Kimi:0.0@b"), panes);
      // Each host's agent worked in that host's worktrees.
      for (String host : List.of("a", "b")) {
        String rootOf = world.hostConfigs.get(host).worktreeRoot().toString();
        assertTrue(
            world.agentLog().stream().anyMatch(e -> e.path("worktree").asText().startsWith(rootOf)),
            "no agent run on host " + host + ": " + world.agentLog());
        assertEquals(
            List.of(),
            entries(world.hostConfigs.get(host).worktreeRoot()),
            "worktrees left on " + host);
      }
      assertEquals(List.of(), world.liveClaims());
    }
  }

  @Test
  void aJobWhoseHostHasNoWorkerStartsOnAnotherHost() throws Exception {
    try (ScenarioWorld world =
        ScenarioWorld.createHosts(
            root, Duration.ZERO, Map.of("TIMMY_PANES", "1"), List.of("a", "gone"), List.of("a"))) {
      CycleResult dry = world.cycle(1, new CycleInput(null, 1, true, true, null));
      String assessed = dry.phases().get(1).summary();
      assertTrue(assessed.contains("host gone: no worker"), assessed);
      assertTrue(assessed.contains("panes 1 idle"), assessed);

      long issue = world.demo.issues().get(0);
      IssueJobResult result = runJob(world, issue, "gone");

      assertEquals(Outcome.LANDED, result.outcome(), result.toString());
      assertEquals("Kimi:0.0@a", result.pane());
      assertEquals(1, result.agentRuns(), "the lost host never started the agent");
      assertEquals(1, world.agentRuns("issue-" + issue));
      assertEquals(List.of(), world.liveClaims());
      assertEquals(List.of(), world.worktreeDirs());
      replay(world, issue);
    }
  }

  @Test
  void aHostLostMidJobCostsOneAttemptAndTheJobGoesOnElsewhere() throws Exception {
    try (ScenarioWorld world =
        ScenarioWorld.createHosts(
            root,
            Duration.ofSeconds(6),
            Map.of("TIMMY_PANES", "1"),
            List.of("a", "b"),
            List.of("a", "b"))) {
      long issue = world.demo.issues().get(0);
      TimmyConfig b = world.hostConfigs.get("b");
      Thread killer =
          new Thread(
              () -> {
                try {
                  // The agent runs on b: its worker goes away (polls no more) before it ends.
                  ScenarioWorld.awaitTrue(
                      "agent job on b",
                      Duration.ofMinutes(2),
                      () -> !entriesQuietly(b.jobsDir()).isEmpty());
                  world.hostWorkers.get("b").suspendPolling();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      killer.start();
      IssueJobResult result = runJob(world, issue, "b");
      killer.join();

      assertEquals(Outcome.LANDED, result.outcome(), result.toString());
      assertEquals("Kimi:0.0@a", result.pane());
      assertEquals(2, result.agentRuns(), "the attempt on b counts");
      List<JsonNode> runs =
          world.agentLog().stream()
              .filter(e -> e.path("key").asText().equals("issue-" + issue))
              .toList();
      assertEquals(2, runs.size(), runs.toString());
      assertTrue(
          runs.get(0).path("worktree").asText().startsWith(b.worktreeRoot().toString()),
          runs.toString());
      assertTrue(
          runs.get(1).path("worktree").asText().startsWith(world.config.worktreeRoot().toString()));
      assertEquals(List.of(), world.liveClaims());
      // a cleaned up; b's worktree waits for b (nothing reaches it while its worker is gone).
      assertEquals(List.of(), world.worktreeDirs());
      replay(world, issue);
    }
  }

  /** Claims the issue for the pane on {@code host} as Dispatch would, then runs its job there. */
  private static IssueJobResult runJob(ScenarioWorld world, long issue, String host) {
    Holder owner = new Holder("scenario-test", host, "Kimi:0.0");
    var claim =
        new StateFileActivitiesImpl(world.config)
            .claim(new ClaimRequest(issue, owner, world.settings.claimTtlSeconds()));
    assertEquals(ClaimStatus.CLAIMED, claim.status(), claim.toString());
    LoopSettings settings = new SettingsActivitiesImpl(world.config).settings();
    String title = world.forge.getIssue(issue).title();
    return world.issueJob(issue).run(new IssueJobInput(1, issue, title, owner, settings, null));
  }

  private static IssueJobResult jobResult(WorkflowClient client, long issue) {
    return client
        .newUntypedWorkflowStub(IssueJob.workflowId(issue))
        .getResult(IssueJobResult.class);
  }

  private static void replay(ScenarioWorld world, long issue) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        world.client().fetchHistory(IssueJob.workflowId(issue)),
        Registration.WORKFLOWS.get(0),
        Registration.WORKFLOWS.subList(1, Registration.WORKFLOWS.size()).toArray(new Class<?>[0]));
  }

  private static List<Path> entries(Path dir) throws Exception {
    if (!Files.exists(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static List<Path> entriesQuietly(Path dir) {
    try {
      return entries(dir);
    } catch (Exception e) {
      return List.of();
    }
  }
}
