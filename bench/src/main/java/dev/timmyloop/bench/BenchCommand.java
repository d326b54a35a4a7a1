package dev.timmyloop.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure the orchestration's overhead and footprint on the embedded test server or"
            + " the real dev server (--server) and the sandbox forge; print the table and write it to"
            + " bench/results/.")
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "print the figures as JSON under their keys")
  boolean asJson;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "runs per figure (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(
      names = "--quick",
      description = "one run each, 3 s agents, 8 issues for scale, 21 loop cycles: a smoke run")
  boolean quick;

  @Option(
      names = "--loop-cycles",
      description = "cycles for the TimmyLoop figure (default: 42; 500 for the full figure)")
  Integer loopCycles;

  @Option(
      names = "--scale-issues",
      description = "issues (and panes) for the scale figure (default: 32)")
  Integer scaleIssues;

  @Option(
      names = "--worker-java-options",
      split = " ",
      description =
          "JVM options for the worker processes (default: TIMMY_JAVA_OPTIONS, which ./timmy sets to"
              + " the options it runs every command with)")
  List<String> workerJavaOptions = defaultJavaOptions();

  @Option(
      names = "--only",
      split = ",",
      description =
          "run only these sections: startup, overhead, parallel, loop, throughput (with waiting),"
              + " waiting, scale, replay")
  List<String> only = new java.util.ArrayList<>();

  @Option(
      names = "--server",
      defaultValue = "test",
      description =
          "which Temporal: test (the SDK's test server in this JVM) or real (the Temporal CLI's dev"
              + " server, started as the demo starts it; needs the CLI) (default: ${DEFAULT-VALUE})")
  String server;

  @Option(
      names = "--out",
      defaultValue = "bench/results",
      description = "where latest.md and the dated copy go (default: ${DEFAULT-VALUE})")
  Path out;

  /** The options {@code ./timmy worker} runs with, so the figures are those of the real worker. */
  private static List<String> defaultJavaOptions() {
    String fromLauncher = System.getenv().getOrDefault("TIMMY_JAVA_OPTIONS", "").strip();
    return fromLauncher.isEmpty()
        ? new java.util.ArrayList<>()
        : new java.util.ArrayList<>(List.of(fromLauncher.split("\\s+")));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter progress = spec.commandLine().getErr();
    BenchRun.Plan plan =
        new BenchRun.Plan(
            quick ? 1 : Math.max(1, runs),
            quick,
            quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10),
            scaleIssues != null ? scaleIssues : quick ? 8 : 32,
            loopCycles != null ? loopCycles : quick ? 21 : 42,
            List.copyOf(workerJavaOptions),
            java.util.Set.copyOf(only),
            server);
    if (!server.equals("test") && !server.equals("real")) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--server: '" + server + "'; use real or test");
    }
    for (String s : only) {
      if (!BenchRun.SECTIONS.contains(s)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--only: no section '" + s + "'; sections: " + BenchRun.SECTIONS);
      }
    }
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    progress.println("bench: " + plan);
    BenchRun run = new BenchRun(plan, progress);
    String loadBefore = loadAverage();
    run.runAll();
    run.notes.add(
        0,
        "load average (1, 5, 15 min) at the start: "
            + loadBefore
            + "; at the end: "
            + loadAverage());
    List<Figure> figures = Figures.table(run.values, run.how, run.targets);
    BenchReport report =
        new BenchReport(
            now.format(DateTimeFormatter.ISO_INSTANT),
            Machine.current(),
            plan.runs(),
            quick,
            figures,
            run.notes,
            String.join(" ", workerJavaOptions),
            server);
    write(report, now, run.timeline);
    PrintWriter o = spec.commandLine().getOut();
    if (asJson) o.println(report.json());
    else report.textLines().forEach(o::println);
    o.flush();
    return 0;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private void write(BenchReport report, ZonedDateTime now, List<String> timeline)
      throws IOException {
    Files.createDirectories(out);
    StringBuilder text = new StringBuilder(report.markdown());
    if (!timeline.isEmpty()) {
      text.append("\n## Where a job's time goes (from the histories)\n\n```\n");
      timeline.forEach(l -> text.append(l).append('\n'));
      text.append("```\n");
    }
    String md = text.toString();
    Files.writeString(out.resolve("latest.md"), md);
    Path dated =
        out.resolve(now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'")) + ".md");
    Files.writeString(dated, md);
    spec.commandLine()
        .getErr()
        .println("bench: wrote " + out.resolve("latest.md") + " and " + dated);
  }
}
