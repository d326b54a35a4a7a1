package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaClient;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleResult;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.issue.IssueJob.IssueJobResult;
import io.temporal.client.WorkflowOptions;
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

/** Issue 13 ("the loop as quality engineer"), points 1, 3, 4 and 7, through whole cycles. */
@Timeout(600)
class QualityCycleTest {
  @TempDir Path root;

  static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
    return out;
  }

  /** A person's work in progress on #power, pushed as a {@code wip} PR that closes it. */
  static long personsWipPr(DemoScenario demo, long issue) throws Exception {
    Path wt = demo.root().resolve("alice");
    git(
        demo.repoPath(),
        "worktree",
        "add",
        "-q",
        "-b",
        "alice/power",
        wt.toString(),
        "origin/main");
    Files.writeString(wt.resolve("NOTES.md"), "power: half done\n");
    git(wt, "add", "NOTES.md");
    git(wt, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "half of power");
    git(wt, "push", "-q", "origin", "alice/power");
    long pr =
        demo.forge()
            .createPull(
                demo.owner(),
                demo.repo(),
                "WIP: power by hand",
                "Not done yet.\n\nCloses #" + issue,
                "alice/power",
                "main");
    long wip = demo.forge().createLabel(demo.owner(), demo.repo(), "wip", "cccccc");
    demo.forge().addLabels(demo.owner(), demo.repo(), pr, wip);
    return pr;
  }

  @Test
  void workInFlightIsLeftAloneKindsNameTheCommitsTheTemplateIsUsedAndLateJobsAreRecorded()
      throws Exception {
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      long power = demo.issues().get(0); // [feature], label feature
      long mean = demo.issues().get(1); // label bug
      long clamp = demo.issues().get(2); // label feature
      long wipPr = personsWipPr(demo, power);
      Path template =
          Files.writeString(
              root.resolve("prompt.md"),
              "Issue #{ISSUE_NUMBER}: {ISSUE_TITLE}\nTEMPLATE-MARKER on {BRANCH}\n\n{SAFETY_BLOCK}\n{ISSUE_BODY}\n{FEEDBACK}");
      try (ScenarioWorld run =
          ScenarioWorld.on(demo, Map.of("TIMMY_PROMPT_TEMPLATE", template.toString()))) {
        GiteaClient forge = new GiteaClient(GiteaActivitiesImpl.optionsFrom(run.config));
        String wipHead = forge.getPull(wipPr).headSha();

        // landAll false: phase 5 ends with the first job, the other outlives the cycle.
        CycleResult result = cycle(run, 1).run(new CycleInput(null, null, null, false, null));

        // Point 1: #power has an open PR (a person's wip): nothing is dispatched for it, the PR is
        // left alone.
        assertFalse(result.dispatched().contains(power), result.toString());
        assertTrue(result.dispatched().containsAll(List.of(mean, clamp)), result.toString());
        String assess =
            result.phases().stream()
                .filter(p -> p.name().equals("assess"))
                .findFirst()
                .orElseThrow()
                .summary();
        assertTrue(assess.contains("in flight (open PRs) [" + power + "]"), assess);
        assertFalse(
            result.landed().contains(power) || result.failed().contains(power), result.toString());
        assertFalse(result.pending().isEmpty(), "a job outlived phase 5: " + result);

        for (long n : List.of(mean, clamp)) {
          IssueJobResult job =
              run.env
                  .getWorkflowClient()
                  .newUntypedWorkflowStub(IssueJob.workflowId(n))
                  .getResult(5, TimeUnit.MINUTES, IssueJobResult.class);
          assertEquals(IssueJob.Outcome.LANDED, job.outcome(), job.toString());
        }
        GiteaActivities.PullRequest wip = forge.getPull(wipPr);
        assertEquals("open", wip.state());
        assertEquals(wipHead, wip.headSha(), "its branch untouched");
        assertEquals("open", forge.getIssue(power).state());

        // Point 3: the feature lands as feat:, the bug as fix:, tags and all on the forge's main.
        git(demo.repoPath(), "fetch", "-q", "origin");
        String subjects = git(demo.repoPath(), "log", "--format=%s", "origin/main");
        assertTrue(
            subjects.contains(
                "[loop-cycle-1] feat: Add calc.clamp(value, low, high) (#" + clamp + ")\n"),
            subjects);
        assertTrue(
            subjects.contains(
                "[loop-cycle-1] fix: stats.mean([]) crashes with ZeroDivisionError (#"
                    + mean
                    + ")\n"),
            subjects);

        // Point 4: the agent's prompt came from the template, with the branch of the feature's
        // kind.
        String prompts = promptsUnder(run.config.jobsDir());
        assertTrue(
            prompts.contains(
                "TEMPLATE-MARKER on feat/" + clamp + "-add-calc-clamp-value-low-high\n"),
            prompts);
        assertTrue(
            prompts.contains(
                "GIT RULES — NON-NEGOTIABLE:\n- You are on branch 'feat/" + clamp + "-"),
            prompts);

        // Point 7: the job that outlived phase 5 wrote its end: no record stays pending.
        JsonNode state =
            new ObjectMapper().readTree(run.config.stateDir().resolve("state.json").toFile());
        JsonNode record = state.path("cycles").get(0);
        for (JsonNode pane : record.path("panes")) {
          long issue = pane.path("issue").asLong();
          assertFalse(pane.path("outcome").asText().equals("pending"), record.toString());
          if (issue == mean || issue == clamp)
            assertEquals("landed", pane.path("outcome").asText(), record.toString());
        }
        assertTrue(
            record.path("landed").toString().contains(String.valueOf(clamp)), record.toString());
        assertTrue(
            record.path("landed").toString().contains(String.valueOf(mean)), record.toString());
      }
    }
  }

  private static TimmyCycle cycle(ScenarioWorld run, int n) {
    return run.env
        .getWorkflowClient()
        .newWorkflowStub(
            TimmyCycle.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("timmy-cycle-" + n)
                .setTaskQueue(run.config.taskQueue())
                .build());
  }

  private static String promptsUnder(Path dir) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().contains("prompt")).toList()) {
        if (Files.isRegularFile(f)) all.append(Files.readString(f)).append("\n----\n");
      }
    }
    return all.toString();
  }
}
