package dev.timmyloop.worker.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.support.TimmyAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, "A readable Temporal UI": the typed search attributes a cycle sets on itself, its phases
 * and its jobs, none when the worker found the server without them, and a summary on each activity.
 */
class ReadableUiTest {
  @TempDir Path root;

  @Test
  void aCycleSetsItsSearchAttributesAndSummarizesItsActivities() throws Exception {
    try (ScenarioWorld world = ScenarioWorld.create(root, Duration.ZERO, Map.of(), true)) {
      CycleResult result = cycle(world, false);
      assertEquals("ok", result.outcome(), result.toString());

      SearchAttributes cycle = attributes(world, "timmy-cycle-1");
      assertEquals(1L, cycle.get(TimmyAttributes.CYCLE));
      assertEquals("ok", cycle.get(TimmyAttributes.OUTCOME));
      SearchAttributes dispatch = attributes(world, "timmy-cycle-1/phase-4-dispatch");
      assertEquals(1L, dispatch.get(TimmyAttributes.CYCLE));
      assertEquals("phase-4-dispatch", dispatch.get(TimmyAttributes.PHASE));

      long issue = result.landed().get(0);
      String jobId = IssueJob.workflowId(issue);
      SearchAttributes job = attributes(world, jobId);
      assertEquals(issue, job.get(TimmyAttributes.ISSUE));
      assertEquals(1L, job.get(TimmyAttributes.CYCLE));
      assertTrue(job.get(TimmyAttributes.PANE).startsWith("Kimi:0."), job.toString());
      assertEquals("landed", job.get(TimmyAttributes.OUTCOME));

      List<String> summaries = summaries(world, jobId);
      // fix/ or feat/ by the issue's kind (issue 13): the branch as the job's worktree summary
      // names it.
      String branch =
          summaries.stream()
              .filter(t -> t.startsWith("worktree add "))
              .findFirst()
              .orElse("worktree add ?")
              .substring("worktree add ".length());
      assertTrue(branch.matches("(fix|feat)/" + issue + "-.*"), branch);
      assertTrue(summaries.contains("read issue #" + issue), summaries.toString());
      assertTrue(
          summaries.stream().anyMatch(t -> t.equals("worktree add " + branch)),
          summaries.toString());
      assertTrue(
          summaries.stream().anyMatch(t -> t.matches("[a-z-]+ on Kimi:0\\.\\d for #" + issue)),
          summaries.toString());
      String tests = world.settings.testCommand() + " in " + branch;
      assertTrue(summaries.stream().anyMatch(t -> t.startsWith(tests)), summaries.toString());
      assertTrue(
          summaries.stream().anyMatch(t -> t.startsWith("push " + branch)), summaries.toString());
      assertTrue(
          summaries.stream().anyMatch(t -> t.matches("CI on [0-9a-f]{7} of PR #\\d+")),
          summaries.toString());
      assertTrue(summaries(world, "timmy-cycle-1/phase-2-assess").contains("list open issues"));
      // No issue title reaches a summary: the stand-in issues' titles are longer than any of them.
      String title = world.forge.getIssue(issue).title();
      assertTrue(summaries.stream().noneMatch(t -> t.contains(title)), summaries.toString());
    }
  }

  @Test
  void withoutTheAttributesOnTheServerNoneIsSent() throws Exception {
    try (ScenarioWorld world = ScenarioWorld.create(root, Duration.ZERO, Map.of(), false)) {
      CycleResult result = cycle(world, true);
      assertEquals("ok", result.outcome(), result.toString());
      for (String id :
          List.of(
              "timmy-cycle-1", "timmy-cycle-1/phase-2-assess", "timmy-cycle-1/phase-4-dispatch")) {
        assertEquals(0, attributes(world, id).size(), id);
      }
    }
  }

  private static CycleResult cycle(ScenarioWorld world, boolean dryRun) {
    return world.cycle(1, new CycleInput(null, 1, dryRun, true, null));
  }

  private static SearchAttributes attributes(ScenarioWorld world, String workflowId) {
    return world.client().newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes();
  }

  /** The summaries of the activities a workflow scheduled, in order. */
  private static List<String> summaries(ScenarioWorld world, String workflowId) {
    return world.client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getUserMetadata().hasSummary())
        .map(ReadableUiTest::summary)
        .toList();
  }

  private static String summary(HistoryEvent e) {
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        e.getUserMetadata().getSummary(), String.class, String.class);
  }
}
