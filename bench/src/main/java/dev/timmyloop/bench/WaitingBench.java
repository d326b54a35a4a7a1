package dev.timmyloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.bench.WaitingFigures.Part;
import dev.timmyloop.bench.WaitingFigures.Sample;
import dev.timmyloop.bench.WaitingFigures.Window;
import dev.timmyloop.workflows.cycle.TimmyCycle;
import dev.timmyloop.workflows.cycle.TimmyCycle.CycleInput;
import dev.timmyloop.workflows.issue.IssueJob;
import dev.timmyloop.workflows.merge.MergeQueue;
import dev.timmyloop.workflows.support.WorkflowIds;
import io.temporal.client.WorkflowClient;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What waiting costs: one cycle dispatches an issue to each of N panes, agents of A s, then a CI of
 * C s on enough runners for every PR at once. A sampler reads the worker's CPU each second and its
 * {@code /metrics} every few; the figures cover the span in which every agent ran and the one in
 * which every PR's CI ran. Then the cycle, its jobs and the merge queue are terminated: landing is
 * not measured.
 */
final class WaitingBench {
  private static final Pattern BRANCH = Pattern.compile("/(\\d+)-add-bench-note");
  private static final int CYCLE = 100_000;
  private static final int METRICS_EVERY = 5;

  /** N panes (and issues), agents of A s, CI of C s. */
  record Shape(int panes, double agentS, double ciS) {}

  static Shape shape(boolean quick) {
    return quick ? new Shape(16, 40, 40) : new Shape(128, 120, 180);
  }

  /** Waits until the worker polls (the bench's first-poll probe). */
  interface Ready {
    double await(WorkerProcess w) throws Exception;
  }

  private WaitingBench() {}

  static void run(BenchRun run, BenchWorld world, BenchRun.Plan plan, Ready ready, PrintWriter out)
      throws Exception {
    Shape s = shape(plan.quick());
    world.closeLeftovers();
    Map<String, String> env = world.workerEnv(s.panes(), "wait");
    int port = WorkerMetrics.freePort();
    env.put("TIMMY_METRICS_PORT", String.valueOf(port));
    world.setAgentDelay(Duration.ofMillis((long) (s.agentS() * 1000)));
    world.demo.forge().setCi(2 * s.panes(), Duration.ofMillis((long) (s.ciS() * 1000)));
    List<Sample> samples = new CopyOnWriteArrayList<>();
    try (WorkerProcess worker =
        WorkerProcess.start(world.root.resolve("workers"), "wait", env, plan.workerJavaOptions())) {
      ready.await(worker);
      WorkerMetrics metrics = new WorkerMetrics(port);
      Thread sampler = new Thread(() -> sample(worker, metrics, samples), "waiting-sampler");
      sampler.setDaemon(true);
      sampler.start();
      List<Long> issues = new ArrayList<>();
      try {
        measure(run, world, s, worker, samples, sampler, issues, out);
      } finally {
        sampler.interrupt();
        stop(world, issues);
      }
    }
  }

  private static void measure(
      BenchRun run,
      BenchWorld world,
      Shape s,
      WorkerProcess worker,
      List<Sample> samples,
      Thread sampler,
      List<Long> issues,
      PrintWriter out)
      throws Exception {
    int startsBefore = Files.readAllLines(world.agentStarts).size();
    int exitsBefore = Files.readAllLines(world.agentExits).size();
    long runsBefore = lastRunId(world);
    issues.addAll(world.fileIssues(s.panes(), "w"));
    long t0 = System.currentTimeMillis();
    TimmyCycle cycle = world.workflow(TimmyCycle.class, WorkflowIds.cycle(CYCLE));
    WorkflowClient.start(cycle::run, new CycleInput(CYCLE, s.panes(), false, false, 1800L));
    long deadline = t0 + (long) (1000 * (s.agentS() + 2 * s.panes() + 300));
    while (Files.readAllLines(world.agentExits).size() - exitsBefore < s.panes()) {
      if (System.currentTimeMillis() > deadline || !worker.process.isAlive())
        throw new IllegalStateException("not every agent exited in time: " + worker.tail());
      Thread.sleep(1000);
    }
    out.printf("  all %d agents exited after %.0f s%n", s.panes(), since(t0));
    out.flush();
    // The forge is read only once every first CI run must have ended, so the bench's own
    // requests stay out of the window.
    Thread.sleep((long) (1000 * (s.ciS() + 20)));
    List<long[]> ci = firstCiRuns(world, runsBefore, issues);
    long readAt = System.currentTimeMillis();
    sampler.interrupt();
    sampler.join();
    List<Long> starts = millis(world.agentStarts, startsBefore);
    List<Long> exits = millis(world.agentExits, exitsBefore);
    List<Long> gitea = world.requests().stream().map(r -> r.time().toEpochMilli()).toList();
    List<Window> windows =
        List.of(WaitingFigures.agents(s.panes(), starts, exits), WaitingFigures.ci(ci, readAt));
    List<Part> parts = new ArrayList<>();
    List<String> spans = new ArrayList<>();
    for (Window w : windows) {
      Part p = WaitingFigures.part(w, samples, gitea);
      spans.add(describe(w, p, s.panes(), t0));
      if (p != null) parts.add(p);
    }
    spans.forEach(l -> out.println("  " + l));
    out.flush();
    report(run, s, ci.size(), WaitingFigures.compute(s.panes(), parts), spans);
  }

  /**
   * CPU each second; the metrics every {@link #METRICS_EVERY} s only, since one read of them costs
   * the worker ≈ 0.1 CPU s (megabytes of histograms). That cost, measured around each read, is
   * taken off the CPU.
   */
  private static void sample(WorkerProcess worker, WorkerMetrics metrics, List<Sample> into) {
    double scrapes = 0;
    for (long tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
      try {
        WorkerMetrics.Reading r = new WorkerMetrics.Reading(Double.NaN, Double.NaN, Double.NaN);
        if (tick % METRICS_EVERY == 0) {
          double before = worker.cpuSeconds();
          r = metrics.read();
          scrapes += worker.cpuSeconds() - before;
        }
        into.add(
            new Sample(
                System.currentTimeMillis(),
                worker.cpuSeconds() - scrapes,
                r.requests(),
                r.longPolls(),
                r.activitySlotsFree()));
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // A missed look; the window's ends come from the samples that were taken.
      }
    }
  }

  private static void report(
      BenchRun run, Shape s, int ciRuns, Map<String, Double> f, List<String> spans) {
    String shape =
        String.format(
            "one cycle, serial merge mode: %d issues on %d panes, agents of %.0f s, then %d PRs' CI of %.0f s on %d runners",
            s.panes(), s.panes(), s.agentS(), ciRuns, s.ciS(), 2 * s.panes());
    String windows =
        "; windows: all agents running (last start → first exit) and every PR's first CI run in progress (last start + 1 s → first end); "
            + String.join("; ", spans);
    run.put(
        "waiting_cpu_core_per_pane",
        f.get("waiting_cpu_core_per_pane"),
        "worker JVM user+system CPU (/proc/<pid>/stat each second, children excluded), less the CPU of the bench's reads of its /metrics (every 5 s, measured around each) / window time / panes; "
            + shape
            + windows);
    run.put(
        "gitea_requests_per_s_waiting",
        f.get("gitea_requests_per_s_waiting"),
        "requests the sandbox forge served in the windows (its request log; the bench sends none then) / their time; "
            + shape);
    run.put(
        "temporal_requests_per_s_waiting",
        f.get("temporal_requests_per_s_waiting"),
        "gRPC calls of the worker process's service stubs (the SDK's temporal_request counter on the worker's /metrics: task completions, heartbeats, its client's calls), long polls left out (see temporal_long_polls_per_s_waiting), read every 5 s / window time; "
            + shape);
    run.put(
        "temporal_long_polls_per_s_waiting",
        f.get("temporal_long_polls_per_s_waiting"),
        "the worker's long polls (temporal_long_request: PollWorkflowTaskQueue, PollActivityTaskQueue), counted when they return, read every 5 s / window time; "
            + shape);
    run.put(
        "activity_slots_min_free",
        f.get("activity_slots_min_free"),
        "fewest free activity slots seen (the SDK's temporal_worker_task_slots_available gauge for the activity worker: maxConcurrentActivityExecutionSize, 200 by default, minus activities executing; read every 5 s, so a short activity may go unseen); "
            + shape);
  }

  private static String describe(Window w, Part p, int panes, long t0) {
    if (w.empty() || p == null) {
      return w.name()
          + ": empty (no span in which all ran at once, or fewer than two samples in it)";
    }
    return String.format(
        "%s: %.0f s from %.0f s, CPU %.3f cores/pane, Temporal %.2f req/s (+%.2f long polls/s), Gitea %.2f req/s, ≥ %s free activity slots",
        w.name(),
        p.seconds(),
        (w.from() - t0) / 1000.0,
        p.seconds() <= 0 ? Double.NaN : p.cpuS() / p.seconds() / panes,
        p.metricSeconds() <= 0 ? Double.NaN : p.requests() / p.metricSeconds(),
        p.metricSeconds() <= 0 ? Double.NaN : p.longPolls() / p.metricSeconds(),
        p.giteaSeconds() <= 0 ? Double.NaN : p.giteaRequests() / p.giteaSeconds(),
        Figure.format(p.slotsMinFree()));
  }

  /** Terminates what the cycle started, so the next section starts from a quiet server. */
  private static void stop(BenchWorld world, List<Long> issues) {
    List<String> ids = new ArrayList<>(List.of(WorkflowIds.cycle(CYCLE)));
    for (long i : issues) ids.add(IssueJob.workflowId(i));
    ids.add(MergeQueue.workflowId(world.demo.owner() + "/" + world.demo.repo()));
    for (String id : ids) {
      try {
        world.client.newUntypedWorkflowStub(id).terminate("bench: waiting measured");
      } catch (RuntimeException e) {
        // Not running (any more).
      }
    }
    try {
      world.closeLeftovers();
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The next section closes them again.
    }
  }

  private static double since(long t0) {
    return (System.currentTimeMillis() - t0) / 1000.0;
  }

  private static List<Long> millis(Path log, int skip) throws IOException {
    return Files.readAllLines(log).stream()
        .skip(skip)
        .map(l -> Long.parseLong(l.split(" ")[0]) / 1_000_000)
        .toList();
  }

  private static long lastRunId(BenchWorld world) throws IOException, InterruptedException {
    JsonNode runs = world.get("actions/runs?limit=1").path("workflow_runs");
    return runs.isEmpty() ? 0 : runs.get(0).path("id").asLong();
  }

  /**
   * Start and end (MAX_VALUE: running) of each issue branch's first CI run after run {@code after}.
   */
  private static List<long[]> firstCiRuns(BenchWorld world, long after, List<Long> issues)
      throws IOException, InterruptedException {
    Map<Long, JsonNode> first = new HashMap<>();
    for (int page = 1; page < 100; page++) {
      JsonNode runs = world.get("actions/runs?limit=50&page=" + page).path("workflow_runs");
      if (runs.isEmpty()) break;
      for (JsonNode r : runs) {
        Matcher m = BRANCH.matcher(r.path("head_branch").asText());
        if (r.path("id").asLong() <= after || !m.find()) continue;
        long issue = Long.parseLong(m.group(1));
        JsonNode had = first.get(issue);
        if (issues.contains(issue)
            && (had == null || had.path("id").asLong() > r.path("id").asLong()))
          first.put(issue, r);
      }
    }
    List<long[]> out = new ArrayList<>();
    for (JsonNode r : first.values()) {
      if (!r.hasNonNull("started_at")) continue;
      long end =
          r.hasNonNull("completed_at")
              ? Instant.parse(r.path("completed_at").asText()).toEpochMilli()
              : Long.MAX_VALUE;
      out.add(new long[] {Instant.parse(r.path("started_at").asText()).toEpochMilli(), end});
    }
    return out;
  }
}
