package dev.timmyloop.worker.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.agent.AgentActivities.AwaitRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobOutcome;
import dev.timmyloop.activities.agent.AgentActivities.JobRequest;
import dev.timmyloop.activities.agent.AgentActivities.JobResult;
import dev.timmyloop.activities.agent.AgentActivities.JobTicket;
import dev.timmyloop.activities.agent.AgentActivitiesImpl;
import dev.timmyloop.activities.gitea.GiteaActivities;
import dev.timmyloop.activities.gitea.GiteaActivities.Issue;
import dev.timmyloop.activities.gitea.GiteaActivitiesImpl;
import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.settings.SettingsActivitiesImpl;
import dev.timmyloop.activities.tmux.TmuxActivitiesImpl;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.sandbox.DemoScenario;
import dev.timmyloop.sandbox.FileScan;
import dev.timmyloop.sandbox.Quiesce;
import dev.timmyloop.worker.scenarios.ScenarioWorld;
import dev.timmyloop.workflows.issue.Branches;
import dev.timmyloop.workflows.issue.IssueKind;
import dev.timmyloop.workflows.issue.Prompts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "Hostile input": issue text that names commands, tmux keys, escapes and bad ref
 * characters goes from the forge (over HTTP, through the Gitea activity) through the branch name
 * and the prompt to an agent in a real tmux pane. Nothing it names runs, the branch is a valid ref,
 * the agent gets the prompt intact, and the pane was sent nothing but the runner command.
 */
class HostileIssueTextTest {
  @TempDir Path root;

  record Text(String title, String body) {}

  private List<Text> corpus(Path canary) {
    String touch = "touch " + canary;
    return List.of(
        new Text(
            "it's \"quoted\" `" + touch + "`", "body with `" + touch + "` and \"quotes\" 'single'"),
        new Text("$(" + touch + ")", "$(" + touch + ") ${HOME} $HOME"),
        new Text(
            "fix; rm -rf ~; " + touch, "; rm -rf ~\n" + touch + "\n&& " + touch + " || " + touch),
        new Text(
            "line one\nline two\r\nEnter",
            "Enter\nC-c\nC-d\nEscape\n:kill-server\n" + touch + "\n"),
        new Text(
            "\u001b[31mred\u001b[0m \u001b]0;title\u0007",
            "\u001b[2J\u001b[H cleared \u001b[31m" + touch),
        new Text("huge body", ("$(" + touch + ") 'x' \"y\" `z`\n").repeat(1024 * 1024 / 24 + 1)),
        new Text(
            "broken \uFFFD\uFFFD utf-8 \uFFFD",
            "bytes \uFFFD\uFFFD\uFFFD then text $(" + touch + ")"),
        new Text("refs ~^:?*[\\ .. @{ .lock / // end.", "a..b ~1 ^2 : ? * [ \\ @{u} .lock"),
        new Text("...", "title that slugs to nothing"),
        new Text("日本語 Café ümlaut 🚀", "unicode " + touch));
  }

  @Test
  void hostileIssueTextNeverRunsAndReachesTheAgentIntact() throws Exception {
    Path canary = root.resolve("CANARY");
    try (DemoScenario demo = DemoScenario.create(root.resolve("sandbox"), Duration.ZERO)) {
      Path agentOut = Files.createDirectories(root.resolve("received"));
      TimmyConfig config =
          ScenarioWorld.config(
              demo, Map.of("TIMMY_AGENT_COMMAND", "cp {prompt_file} {worktree}/received.txt"));
      try {
        new TmuxActivitiesImpl(config).ensureSession();
        GiteaActivitiesImpl gitea = new GiteaActivitiesImpl(config);
        AgentActivitiesImpl kimi = new AgentActivitiesImpl(config);
        LoopSettings settings = new SettingsActivitiesImpl(config).settings();
        int i = 0;
        for (Text t : corpus(canary)) {
          long n = demo.forge().createIssue(demo.owner(), demo.repo(), t.title(), t.body());
          Issue issue = gitea.getIssue(n);
          String what = "case " + i + " (#" + n + ")";
          // as fetched: the body whole, or its first 64 KB with the cut stated
          int max = GiteaActivities.MAX_BODY_CHARS;
          if (t.body().length() <= max) {
            assertEquals(t.body(), issue.body(), what);
            assertFalse(issue.bodyTruncated(), what);
          } else {
            assertTrue(issue.bodyTruncated(), what);
            assertTrue(issue.body().length() <= max, what);
            assertTrue(t.body().startsWith(issue.body()), what);
          }
          assertEquals(t.title(), issue.title(), what);

          String branch =
              Branches.forIssue(IssueKind.of(issue.title(), List.of()), n, issue.title());
          assertEquals(
              0, run(root, "git", "check-ref-format", "--branch", branch), what + ": " + branch);

          String prompt = Prompts.issue(issue, branch, settings, null, "");
          assertTrue(prompt.contains(issue.body().strip()), what);
          if (issue.bodyTruncated()) assertTrue(prompt.contains("The description was cut"), what);
          Path worktree = Files.createDirectories(agentOut.resolve("wt-" + i));
          String pane = settings.panes().get(i % settings.panes().size());
          JobTicket ticket =
              kimi.dispatch(new JobRequest("hostile-" + i, pane, worktree.toString(), prompt));
          JobResult result = kimi.awaitJob(new AwaitRequest("hostile-" + i, pane, 120));
          assertEquals(JobOutcome.COMPLETED, result.outcome(), what + ": " + result.outputTail());
          assertEquals(
              prompt,
              Files.readString(worktree.resolve("received.txt")),
              what + ": the agent got it intact");
          assertTrue(
              promptFileIn(Path.of(ticket.jobDir()), prompt),
              what + ": the job folder holds the prompt");
          assertFalse(Files.exists(canary), what + ": a command named in the text ran");
          i++;
        }
        // each pane ran nothing but our runner, as its own process, and shows none of the text
        for (String pane : settings.panes()) {
          String start = tmux(config, "display-message", "-p", "-t", pane, "#{pane_start_command}");
          assertTrue(
              start.contains("--noprofile --norc " + config.jobsDir())
                  && start.strip().endsWith("/run.sh"),
              pane + " was started as [" + start + "]");
          String screen = tmux(config, "capture-pane", "-p", "-J", "-S", "-", "-t", pane);
          assertTrue(screen.contains("timmy-loop: job hostile-"), pane + " ran jobs:\n" + screen);
          for (String line : screen.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            assertTrue(
                l.matches("timmy-loop: job hostile-\\d+ ended with exit code 0")
                    || l.startsWith("Pane is dead ("),
                pane + " shows more than the runner's own lines: [" + l + "]\n" + screen);
            assertFalse(l.contains("CANARY") || l.contains("rm -rf"), pane + ": " + l);
          }
        }
      } finally {
        // the panes' processes end before the search (a runner's exit trap writes its job folder)
        Quiesce.stopTmuxServer(config.tmuxSocket(), Duration.ofSeconds(30));
      }
      demo.forge().stopCi(Duration.ofMinutes(2));
      List<Path> canaries = new ArrayList<>();
      int scanned =
          FileScan.regularFiles(
              root,
              f -> {
                if (f.getFileName().toString().equals("CANARY")) canaries.add(f);
              });
      assertTrue(scanned > 0, "files searched: " + scanned);
      assertEquals(List.of(), canaries);
      assertFalse(Files.exists(Path.of(System.getProperty("user.dir"), "CANARY")));
    }
  }

  private static boolean promptFileIn(Path jobDir, String prompt) throws Exception {
    try (Stream<Path> files = Files.list(jobDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getFileName().toString().contains("prompt")
            && new String(Files.readAllBytes(f), StandardCharsets.UTF_8).equals(prompt))
          return true;
      }
    }
    return false;
  }

  private static String tmux(TimmyConfig config, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("tmux", "-L", config.tmuxSocket()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static int run(Path dir, String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }
}
