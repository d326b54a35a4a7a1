package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.state.StateFileActivitiesImpl;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 2, for a job that outlives its cycle's phase 5: its findings wait in the home
 * host's ledger and the next cycle files them, once.
 */
@Timeout(600)
class FindingsLateJobCycleTest {
  @TempDir Path root;

  @Test
  void aJobThatGivesUpAfterPhase5IsFiledOnceByTheNextCycle() throws Exception {
    // Each agent run takes 6 s; phase 5 waits 1 s: the job (two rejected runs) outlives it.
    try (ScenarioWorld w = ScenarioWorld.create(root, Duration.ofSeconds(6), Map.of())) {
      FindingsWorld.closeDemoPulls(w);
      String owner = w.demo.owner();
      String repo = w.demo.repo();
      long p0 = w.demo.forge().createLabel(owner, repo, "p0", "b60205");
      // No recipe: the fake agent changes nothing, twice.
      long hopeless = w.demo.forge().createIssue(owner, repo, "Make calc faster", "Somehow.");
      w.demo.forge().addLabels(owner, repo, hopeless, p0);
      StateFileActivitiesImpl state = new StateFileActivitiesImpl(w.config);

      CycleResult first = w.cycle(1, new CycleInput(null, 1, false, false, 1L));

      assertEquals(List.of(hopeless), first.dispatched(), first.toString());
      assertEquals(List.of(hopeless), first.pending(), "the job outlived phase 5: " + first);
      assertTrue(gaveUp(w, hopeless).isEmpty(), "nothing to file yet");
      IssueJobResult job =
          w.client()
              .newUntypedWorkflowStub(IssueJob.workflowId(hopeless))
              .getResult(5, TimeUnit.MINUTES, IssueJobResult.class);
      assertEquals(IssueJob.Outcome.GAVE_UP, job.outcome(), job.toString());
      assertEquals(
          List.of("gave-up:#" + hopeless),
          state.pendingFindings(10).findings().stream().map(f -> f.signature()).toList(),
          "handed to the ledger");

      CycleResult second = w.cycle(2, FindingsWorld.NO_DISPATCH);

      List<Issue> filed = gaveUp(w, hopeless);
      assertEquals(
          1, filed.size(), FindingsCycleTest.titles(FindingsWorld.bugFindings(w)).toString());
      Issue finding = filed.get(0);
      assertTrue(second.issuesFiled().contains(finding.number()), second.toString());
      String body = finding.body();
      assertTrue(
          body.contains("The loop gave up on #" + hopeless + " after 2 agent attempts"), body);
      assertTrue(body.contains("Attempt 1 rejected") && body.contains("Attempt 2 rejected"), body);
      assertTrue(body.contains("The change is empty"), "a rejection reason: " + body);
      assertTrue(state.pendingFindings(10).findings().isEmpty(), "filed, so no longer pending");

      CycleResult third = w.cycle(3, FindingsWorld.NO_DISPATCH);

      assertEquals(1, gaveUp(w, hopeless).size(), "filed once");
      assertFalse(third.issuesFiled().contains(finding.number()), third.toString());
    }
  }

  private static List<Issue> gaveUp(ScenarioWorld w, long issue) {
    return FindingsWorld.bugFindings(w).stream()
        .filter(i -> i.title().contains("agent output rejected on #" + issue))
        .toList();
  }
}
