package dev.timmyloop.cli.ops;

import dev.timmyloop.cli.SandboxCommand;
import dev.timmyloop.config.TimmyConfig;
import dev.timmyloop.worker.world.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ops dashboard}: the old three-pane launcher in a tmux session {@code timmy-ops} beside the
 * agent panes: the panel, the agent panes' list, the worker log. Each pane runs one of our fixed
 * commands; the only values in them are the operator's own configuration, shell-quoted.
 */
@Command(
    name = "dashboard",
    description = "A tmux session timmy-ops: panel, agent panes, worker log.")
final class DashboardCommand extends OpsAction {
  static final String SESSION = "timmy-ops";

  @Option(
      names = "--worker-log",
      paramLabel = "FILE",
      description = "the worker's log (default: $TIMMY_WORKER_LOG, else ~/.timmy/worker.log)")
  Path workerLog;

  @Override
  int run(TimmyConfig config) throws IOException, InterruptedException {
    Path log = workerLog != null ? workerLog : defaultLog();
    List<String> tmux = tmux(config);
    if (exec(plus(tmux, "has-session", "-t", SESSION)) == 0) {
      out().println(SESSION + " is already running; attach with: " + attach(config, SESSION));
      return 0;
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    if (!Files.exists(log)) Files.createFile(log);
    check(plus(tmux, "new-session", "-d", "-s", SESSION, "-x", "200", "-y", "50", panel()));
    check(plus(tmux, "split-window", "-h", "-t", SESSION + ":0.0", panes(config)));
    check(
        plus(
            tmux,
            "split-window",
            "-v",
            "-t",
            SESSION + ":0.1",
            "tail -F " + SandboxCommand.shellValue(log.toString())));
    check(plus(tmux, "select-pane", "-t", SESSION + ":0.0"));
    out().println("started " + SESSION + ": the panel, the agent panes, " + log);
    out().println("attach:        " + attach(config, SESSION));
    out().println("agents' panes: " + attach(config, config.tmuxSession()));
    return 0;
  }

  private String panel() {
    List<String> cmd = plus(Launcher.self(), "ops", "panel", "--watch");
    cmd.addAll(options.given());
    return line(cmd);
  }

  /** {@code watch -x} runs tmux without a second shell. */
  private static String panes(TimmyConfig config) {
    List<String> cmd = new ArrayList<>(List.of("watch", "-t", "-n", "2", "-x"));
    cmd.addAll(plus(tmux(config), "list-panes", "-s", "-t", config.tmuxSession()));
    return line(cmd);
  }

  static List<String> tmux(TimmyConfig config) {
    List<String> cmd = new ArrayList<>(List.of("tmux"));
    if (config.tmuxSocket() != null && !config.tmuxSocket().isBlank()) {
      cmd.addAll(List.of("-L", config.tmuxSocket()));
    }
    if (config.tmuxConf() != null && !config.tmuxConf().isBlank()) {
      cmd.addAll(List.of("-f", config.tmuxConf()));
    }
    return cmd;
  }

  private static String attach(TimmyConfig config, String session) {
    return line(plus(tmux(config), "attach", "-t", session));
  }

  private static Path defaultLog() {
    String env = System.getenv("TIMMY_WORKER_LOG");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".timmy", "worker.log");
  }

  /** Single quotes, so tmux's shell takes each value as one word whatever it holds. */
  private static String line(List<String> argv) {
    return String.join(" ", argv.stream().map(SandboxCommand::shellValue).toList());
  }

  private static List<String> plus(List<String> base, String... more) {
    List<String> out = new ArrayList<>(base);
    out.addAll(List.of(more));
    return out;
  }

  private static int exec(List<String> argv) throws IOException, InterruptedException {
    return new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }

  private static void check(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0) throw new CliFailure("tmux failed to build " + SESSION + ": " + output);
  }
}
