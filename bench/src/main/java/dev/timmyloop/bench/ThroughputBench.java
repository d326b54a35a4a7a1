package dev.timmyloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.bench.ThroughputFigures.Events;
import dev.timmyloop.bench.ThroughputFigures.Shape;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.loop.TimmyLoop;
import dev.timmyloop.workflows.loop.TimmyLoop.LoopState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Continuous flow: the loop (not one cycle) on N panes with a queue of issues, agents of A s and a
 * CI of C s on R runners, until every issue merged. Times come from the stand-in agent's start and
 * exit lines, the forge's merge times and its CI runs.
 */
final class ThroughputBench {
  /** The issue number in a worktree path, from the bench issues' titles ("Add bench note …"). */
  private static final Pattern ISSUE = Pattern.compile("(\\d+)-add-bench-note");

  private ThroughputBench() {}

  /** The worker's settings for the shape: N panes, tests of T s, the speculative merge mode. */
  static Map<String, String> env(BenchWorld world, Shape shape, String label) throws IOException {
    Map<String, String> env = world.workerEnv(shape.panes(), label);
    env.put("TIMMY_TEST_COMMAND", "sleep " + (int) shape.testS());
    // The mode made for throughput, on a repository that allows fast-forward-only merges.
    env.put("TIMMY_MERGE_MODE", "speculative");
    return env;
  }

  static Map<String, Double> run(BenchWorld world, Shape shape, String tag, PrintWriter progress)
      throws Exception {
    world.closeLeftovers();
    world.setAgentDelay(Duration.ofMillis((long) (shape.agentS() * 1000)));
    world.demo.forge().setCi(shape.runners(), Duration.ofMillis((long) (shape.ciS() * 1000)));
    Marks before = mark(world);
    List<Long> issues = world.fileIssues(shape.issues(), tag);
    long t0 = System.currentTimeMillis();
    TimmyLoop loop = world.workflow(TimmyLoop.class, TimmyLoop.WORKFLOW_ID);
    CycleInput each = new CycleInput(null, shape.panes(), false, false, null);
    // A pause of 5 s when nothing waits: the next cycle comes at once while issues do.
    WorkflowClient.start(
        loop::run, new LoopState(200_000, 5L, 0, 0, 0, false, "", each, List.of()));
    WorkflowStub stub = WorkflowStub.fromTyped(loop);
    double expected = shape.issues() * 3600 / shape.idealPerHour();
    long deadline = t0 + (long) (1000 * (3 * expected + 300));
    try {
      int shown = -1;
      while (true) {
        int closed = closed(world, issues);
        if (closed != shown) {
          progress.printf(
              "  %d of %d issues closed after %.0f s%n",
              closed, issues.size(), (System.currentTimeMillis() - t0) / 1000.0);
          progress.flush();
          shown = closed;
        }
        if (closed == issues.size()) break;
        if (System.currentTimeMillis() > deadline)
          throw new IllegalStateException(
              closed + " of " + issues.size() + " issues closed in time");
        Thread.sleep(2000);
      }
    } finally {
      stub.terminate("bench: throughput measured");
    }
    return ThroughputFigures.compute(shape, events(world, before, issues, t0));
  }

  /** How long the agents' logs were and the newest CI run before a run. */
  record Marks(int starts, int exits, long lastRun) {}

  static Marks mark(BenchWorld world) throws IOException, InterruptedException {
    return new Marks(
        lines(world.agentStarts).size(), lines(world.agentExits).size(), lastRunId(world));
  }

  /** What happened to {@code issues} since {@code before}, in s since {@code t0}. */
  static Events events(BenchWorld world, Marks before, List<Long> issues, long t0)
      throws IOException, InterruptedException {
    List<String> exits = lines(world.agentExits);
    return new Events(
        since(t0, times(lines(world.agentStarts), before.starts())),
        since(t0, times(exits, before.exits())),
        lastExits(t0, exits.subList(before.exits(), exits.size())),
        merges(world, issues, t0),
        prCiRuns(world, before.lastRun()));
  }

  private static List<String> lines(Path p) throws IOException {
    return Files.readAllLines(p);
  }

  /** The nanosecond stamps that start each line after the first {@code skip}, in ms. */
  private static List<Double> times(List<String> lines, int skip) {
    return lines.stream().skip(skip).map(l -> Long.parseLong(l.split(" ")[0]) / 1e6).toList();
  }

  private static List<Double> since(long t0, List<Double> millis) {
    return millis.stream().map(m -> (m - t0) / 1000.0).toList();
  }

  private static Map<Long, Double> lastExits(long t0, List<String> lines) {
    Map<Long, Double> out = new HashMap<>();
    for (String l : lines) {
      Matcher m = ISSUE.matcher(l);
      if (m.find()) {
        out.merge(
            Long.parseLong(m.group(1)),
            (Long.parseLong(l.split(" ")[0]) / 1e6 - t0) / 1000,
            Math::max);
      }
    }
    return out;
  }

  private static int closed(BenchWorld world, List<Long> issues)
      throws IOException, InterruptedException {
    int n = 0;
    for (long i : issues) if (world.get("issues/" + i).path("state").asText().equals("closed")) n++;
    return n;
  }

  /** When each issue's PR merged ("Closes #n" in its body), in s since {@code t0}. */
  private static Map<Long, Double> merges(BenchWorld world, List<Long> issues, long t0)
      throws IOException, InterruptedException {
    Map<Long, Double> out = new HashMap<>();
    for (int page = 1; page < 20; page++) {
      JsonNode pulls = world.get("pulls?state=closed&limit=50&page=" + page);
      if (pulls.isEmpty()) break;
      for (JsonNode p : pulls) {
        if (!p.path("merged").asBoolean()) continue;
        Matcher m = Pattern.compile("Closes #(\\d+)").matcher(p.path("body").asText());
        if (!m.find() || !issues.contains(Long.parseLong(m.group(1)))) continue;
        long at = Instant.parse(p.path("merged_at").asText()).toEpochMilli();
        out.put(Long.parseLong(m.group(1)), (at - t0) / 1000.0);
      }
    }
    return out;
  }

  /** The newest CI run's id (0: none yet); runs are numbered in order. */
  private static long lastRunId(BenchWorld world) throws IOException, InterruptedException {
    JsonNode runs = world.get("actions/runs?limit=1").path("workflow_runs");
    return runs.isEmpty() ? 0 : runs.get(0).path("id").asLong();
  }

  /**
   * CI runs after run {@code after} on branches other than main (whose runs follow merges), left
   * out those a later push to their branch cancelled (as Gitea does).
   */
  private static int prCiRuns(BenchWorld world, long after)
      throws IOException, InterruptedException {
    int n = 0;
    for (int page = 1; page < 100; page++) {
      JsonNode runs = world.get("actions/runs?limit=50&page=" + page).path("workflow_runs");
      if (runs.isEmpty()) break;
      for (JsonNode r : runs) {
        boolean counted =
            r.path("id").asLong() > after
                && !r.path("head_branch").asText().equals("main")
                && !r.path("conclusion").asText().equals("cancelled");
        if (counted) n++;
      }
    }
    return n;
  }

  static List<String> notes(Shape s) {
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            "throughput: the loop, mergeMode speculative; N = %d panes, %d issues, A = %.0f s, T ≈ %.0f s, C = %.0f s on R = %d runners; ideal %.1f landed/h",
            s.panes(), s.issues(), s.agentS(), s.testS(), s.ciS(), s.runners(), s.idealPerHour()));
    return out;
  }
}
