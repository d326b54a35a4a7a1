package dev.timmyloop.bench;

import dev.timmyloop.workflows.merge.MergeQueue;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's sections, in order, on one {@link BenchWorld}. A section that fails leaves its
 * figures unmeasured with a note; the others still run.
 */
final class BenchRun {
  /** How a run is sized; {@code --quick} shrinks every section. */
  record Plan(
      int runs,
      boolean quick,
      Duration parallelAgent,
      int scaleIssues,
      int loopCycles,
      List<String> workerJavaOptions,
      Set<String> only,
      String server) {
    boolean wants(String section) {
      return only.isEmpty() || only.contains(section);
    }
  }

  /** Section names for {@code --only}. */
  static final List<String> SECTIONS =
      List.of(
          "startup", "overhead", "parallel", "loop", "throughput", "waiting", "scale", "replay");

  final Map<String, Double> values = new LinkedHashMap<>();
  final Map<String, String> how = new LinkedHashMap<>();
  final Map<String, Target> targets = new LinkedHashMap<>();
  final List<String> notes = new ArrayList<>();

  /** Where the time of a job goes, per activity type (written beside the table). */
  final List<String> timeline = new ArrayList<>();

  private final Plan plan;
  private final PrintWriter progress;
  private BenchWorld world;
  private Histories histories;
  private CycleRunner cycles;
  private final List<CycleRunner.Run> overheadRuns = new ArrayList<>();
  private final List<WorkflowExecutionHistory> recorded = new ArrayList<>();
  private final List<String> recordedNames = new ArrayList<>();
  private WorkerProcess worker;
  private int probes;

  BenchRun(Plan plan, PrintWriter progress) {
    this.plan = plan;
    this.progress = progress;
  }

  interface Section {
    void run() throws Exception;
  }

  void runAll() throws Exception {
    world = BenchWorld.create(plan.server(), progress);
    notes.add(world.serverLine);
    histories = new Histories(world.client);
    cycles = new CycleRunner(world);
    try {
      section("worker start and idle memory", this::startup);
      if (worker == null || !worker.process.isAlive()) return;
      if (plan.wants("overhead")) {
        section("overhead (warm-up, then A/B)", this::overhead);
        section(
            "latency, history and Gitea calls",
            () -> OverheadHistories.measure(this, world, histories, overheadRuns, plan.runs()));
      }
      if (plan.wants("parallel")) section("parallelism", this::parallel);
      if (plan.wants("loop")) section("loop", this::loop);
      closeWorker();
      if (plan.wants("throughput")) section("throughput", this::throughput);
      if (plan.wants("throughput") || plan.wants("waiting"))
        section(
            "waiting cost (part of throughput)",
            () -> WaitingBench.run(this, world, plan, this::firstPollSeconds, progress));
      if (plan.wants("scale")) section("scale", this::scale);
      if (plan.wants("replay")) section("replay", this::replay);
    } finally {
      closeWorker();
      world.close();
      boolean failed = notes.stream().anyMatch(n -> n.contains(" failed: "));
      if (failed) say("bench: files kept in " + world.root);
      else world.deleteFiles();
    }
  }

  private void section(String name, Section s) {
    say("— " + name);
    long t0 = System.nanoTime();
    try {
      s.run();
    } catch (Exception | AssertionError e) {
      notes.add(name + " failed: " + e);
      say("bench: " + name + " failed: " + e);
      if (worker != null) say(worker.tail());
    }
    say(String.format("  (%.0f s)", (System.nanoTime() - t0) / 1e9));
  }

  // ---- 7. start-up and footprint ----

  private void startup() throws Exception {
    List<Double> starts = new ArrayList<>();
    List<Double> rss = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    Duration settle = plan.quick() ? Duration.ofSeconds(3) : Duration.ofSeconds(10);
    // Without the startup figures the other sections still need one worker.
    int starts0 = plan.wants("startup") ? plan.runs() : 1;
    for (int i = 0; i < starts0; i++) {
      closeWorker();
      worker =
          WorkerProcess.start(
              world.root.resolve("workers"),
              "w" + i,
              world.workerEnv(4, "w"),
              plan.workerJavaOptions());
      starts.add(firstPollSeconds(worker));
      cpu.add(worker.cpuSeconds());
      Thread.sleep(settle.toMillis());
      rss.add(worker.rssMb());
      say(
          String.format(
              "  worker %d: first poll after %.2f s (%.1f CPU s), idle RSS %.0f MB",
              i, starts.get(i), cpu.get(i), rss.get(i)));
    }
    if (!plan.wants("startup")) return;
    put(
        "worker_start_s",
        Stats.median(starts),
        "median of "
            + starts.size()
            + " starts: `java -cp timmy.jar … worker` spawned → its first WorkflowTaskStarted (a probe workflow waiting on the queue)"
            + flags()
            + "; the worker had used "
            + Figure.format(Stats.median(cpu))
            + " CPU s by then (median), a figure less bent by a busy machine than the wall time");
    put(
        "idle_rss_mb",
        Stats.median(rss),
        "VmRSS of the worker process " + settle.toSeconds() + " s after its first poll" + flags());
  }

  /** Seconds from spawning the worker to its first workflow task: a probe waits on the queue. */
  private double firstPollSeconds(WorkerProcess w) throws Exception {
    String id = "timmy-bench-probe-" + (++probes);
    MergeQueue probe = world.workflow(MergeQueue.class, id);
    io.temporal.client.WorkflowClient.start(probe::run, null);
    long deadline = System.currentTimeMillis() + 120_000;
    try {
      while (System.currentTimeMillis() < deadline) {
        if (!w.process.isAlive()) throw new IllegalStateException("worker exited: " + w.tail());
        long t =
            Histories.firstTime(histories.fetch(id), EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
        if (t > 0) return Math.max(0, t - w.spawnedMillis) / 1000.0;
        Thread.sleep(20);
      }
      throw new IllegalStateException("no first poll within 120 s: " + w.tail());
    } finally {
      WorkflowStub.fromTyped(probe).terminate("bench probe done");
    }
  }

  private void closeWorker() {
    if (worker != null) worker.close();
    worker = null;
  }

  // ---- 1. overhead ----

  private void overhead() throws Exception {
    world.setAgentDelay(Duration.ZERO);
    say("  warm-up: one cycle and one baseline (not counted; creates the panes)");
    CycleRunner.Run warm = cycles.run(4, "warm", Duration.ofMinutes(10));
    if (!warm.allLanded()) notes.add("warm-up cycle did not land all 4: " + warm.result());
    Baseline baseline = new Baseline(world);
    baseline.run(4, "warm");
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    int i = 0;
    for (char side : Stats.alternation(plan.runs())) {
      String tag = "o" + (i++);
      if (side == 'A') {
        CycleRunner.Run r = cycles.run(4, tag, Duration.ofMinutes(10));
        if (!r.allLanded())
          throw new IllegalStateException(
              "cycle " + r.cycle() + " landed " + r.result().landed() + " of " + r.issues());
        overheadRuns.add(r);
        a.add(r.wallSeconds());
        say(String.format("  A cycle %d: %.2f s", r.cycle(), r.wallSeconds()));
      } else {
        double s = baseline.run(4, tag);
        b.add(s);
        say(String.format("  B baseline: %.2f s", s));
      }
    }
    List<Double> ratios = Stats.ratios(a, b);
    put(
        "unsafe_baseline_ratio",
        Stats.median(ratios),
        String.format(
            "median of %d ratios (AB, BA, …): cycle start → last merge %s s vs plain Java %s s (medians) that squash-merges PRs onto a main they were never tested on (the queue's safety counts as overhead here: reported only); instant agent, CI = `true`",
            ratios.size(), Figure.format(Stats.median(a)), Figure.format(Stats.median(b))));
  }

  // ---- 3. parallelism ----

  private void parallel() throws Exception {
    world.setAgentDelay(plan.parallelAgent());
    List<Double> four = new ArrayList<>();
    List<Double> one = new ArrayList<>();
    int i = 0;
    try {
      for (char side : Stats.alternation(plan.runs())) {
        String tag = "p" + (i++);
        CycleRunner.Run r = cycles.run(side == 'A' ? 4 : 1, tag, Duration.ofMinutes(10));
        if (!r.allLanded())
          throw new IllegalStateException(
              "cycle " + r.cycle() + " did not land all: " + r.result());
        (side == 'A' ? four : one).add(r.wallSeconds());
        say(String.format("  %s: %d job(s): %.2f s", side, r.issues().size(), r.wallSeconds()));
      }
    } finally {
      world.setAgentDelay(Duration.ZERO);
    }
    put(
        "parallel_ratio",
        Stats.median(Stats.ratios(four, one)),
        String.format(
            "median of ratios: cycle start → last merge with 4 jobs of %d s (median %s s) vs 1 job (median %s s)",
            plan.parallelAgent().toSeconds(),
            Figure.format(Stats.median(four)),
            Figure.format(Stats.median(one))));
  }

  // ---- 5. the loop ----

  private void loop() throws Exception {
    LoopBench.Result r = LoopBench.run(world, histories, plan.loopCycles(), progress);
    for (int k = 0; k < r.runs().size(); k++) record("timmy-loop run " + (k + 1), r.runs().get(k));
    put(
        "loop_max_run_events",
        r.maxEvents(),
        String.format(
            "%d dry-run cycles (1 s pause) in %d runs (continue-as-new every 20 cycles); largest run's history",
            r.cycles(), r.runs().size()));
  }

  // ---- continuous flow ----

  private void throughput() throws Exception {
    ThroughputFigures.Shape shape =
        plan.quick()
            ? new ThroughputFigures.Shape(4, 8, 10, 1, 5, 4)
            : new ThroughputFigures.Shape(4, 12, 60, 1, 30, 4);
    Map<String, String> env = ThroughputBench.env(world, shape, "tp");
    world
        .demo
        .forge()
        .allowMergeStyles(
            world.demo.owner(), world.demo.repo(), Set.of("merge", "squash", "fast-forward-only"));
    // CI on PR branches only, as such a repository would run it: main moves to shas it passed.
    world.demo.forge().setCiOnDefaultBranch(world.demo.owner(), world.demo.repo(), false);
    worker =
        WorkerProcess.start(world.root.resolve("workers"), "tp", env, plan.workerJavaOptions());
    firstPollSeconds(worker);
    notes.addAll(ThroughputBench.notes(shape));
    Map<String, Double> figures = ThroughputBench.run(world, shape, "t", progress);
    String how = ThroughputBench.notes(shape).get(0);
    targets.put("agent_exit_to_merge_p50_s", Target.atMost(shape.exitToMergeLimit(), " s"));
    targets.put("agent_exit_to_merge_p95_s", Target.atMost(shape.exitToMergeP95Limit(), " s"));
    figures.forEach((k, v) -> put(k, v, how));
    closeWorker();
    try {
      SameProtocolBaseline.measure(
          this, world, shape, ThroughputBench.env(world, shape, "tpb"), figures, progress);
    } finally {
      world.demo.forge().setCiOnDefaultBranch(world.demo.owner(), world.demo.repo(), true);
    }
  }

  // ---- 4. scale ----

  private void scale() throws Exception {
    int n = plan.scaleIssues();
    worker =
        WorkerProcess.start(
            world.root.resolve("workers"),
            "scale",
            world.workerEnv(n, "scale"),
            plan.workerJavaOptions());
    firstPollSeconds(worker);
    world.setAgentDelay(Duration.ZERO);
    // A warm-up cycle first: the figure is the steady cost, not the JIT's first compilations.
    CycleRunner.Run warm = cycles.run(4, "sw", Duration.ofMinutes(10));
    if (!warm.allLanded()) notes.add("scale warm-up cycle did not land all 4: " + warm.result());
    double cpu0 = worker.cpuSeconds();
    CycleRunner.Run r = cycles.run(n, "s", Duration.ofMinutes(30));
    double cpu1 = worker.cpuSeconds();
    double heapNow = worker.heapUsedNowMb();
    double[] gc = worker.peakHeapMb();
    record(r.workflowId(), histories.fetch(r.workflowId()));
    int landed = r.result() == null ? 0 : r.result().landed().size();
    say(
        String.format(
            "  %d of %d landed in %.0f s; worker CPU %.1f s; heap peak %.0f MB before GC, %.0f MB after, %.0f MB now",
            landed, n, r.wallSeconds(), cpu1 - cpu0, gc[0], gc[1], heapNow));
    targets.put("scale_issues_landed", Target.atLeast(n, ""));
    put(
        "scale_issues_landed",
        landed,
        n
            + " issues, "
            + n
            + " panes (tmux), one cycle, instant agent; "
            + Figure.format(r.wallSeconds())
            + " s to the last merge");
    put(
        "scale_peak_heap_mb",
        Math.max(gc[0], Double.isNaN(heapNow) ? 0 : heapNow),
        "worker JVM"
            + flags()
            + ": largest heap in use before a GC in its `-Xlog:gc` log, or at the end (jcmd GC.heap_info), whichever is larger; largest after a GC: "
            + Figure.format(gc[1])
            + " MB");
    put(
        "cpu_s_per_issue",
        landed == 0 ? Double.NaN : (cpu1 - cpu0) / landed,
        "worker JVM user+system CPU (/proc/<pid>/stat, children excluded) over the scale cycle / issues landed, after a warm-up cycle of 4");
  }

  // ---- 6. replay ----

  private void replay() throws Exception {
    try {
      String mq = MergeQueue.workflowId(world.demo.owner() + "/" + world.demo.repo());
      record(mq, histories.fetch(mq));
    } catch (RuntimeException e) {
      notes.add("merge queue history not read: " + e.getMessage());
    }
    if (recorded.isEmpty()) throw new IllegalStateException("no histories recorded");
    int best = 0;
    for (int i = 1; i < recorded.size(); i++) {
      if (recorded.get(i).getEvents().size() > recorded.get(best).getEvents().size()) best = i;
    }
    WorkflowExecutionHistory h = recorded.get(best);
    List<Double> ms = histories.replayMillis(h, Math.max(5, plan.runs()));
    double cold = ms.remove(0);
    put(
        "replay_ms",
        Stats.median(ms),
        String.format(
            "`%s` (%d events, the largest of %d recorded), replayed through the worker's workflow classes: median of %d after one warm-up (cold: %s ms)",
            recordedNames.get(best),
            h.getEvents().size(),
            recorded.size(),
            ms.size(),
            Figure.format(cold)));
  }

  private String flags() {
    return plan.workerJavaOptions().isEmpty()
        ? " (no JVM options, as `./timmy worker` runs it)"
        : " (JVM options " + String.join(" ", plan.workerJavaOptions()) + ")";
  }

  void record(String name, WorkflowExecutionHistory h) {
    recorded.add(h);
    recordedNames.add(name);
  }

  void put(String key, double value, String text) {
    values.put(key, value);
    how.put(key, text);
    say(String.format("  %s = %s", key, Figure.format(value)));
  }

  private void say(String line) {
    progress.println(line);
    progress.flush();
  }
}
