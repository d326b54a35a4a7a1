package dev.timmyloop.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment the demo's configuration is read from. */
public final class DemoEnv {
  private DemoEnv() {}

  /**
   * The machine's environment without its {@code TIMMY_*} (a real forge's URL must never reach the
   * demo), the demo's settings, then the scenario's, then the embedded server's address.
   */
  public static Map<String, String> of(
      Map<String, String> system,
      Map<String, String> scenario,
      String temporalAddress,
      int metricsPort,
      Path root) {
    Map<String, String> env = new HashMap<>();
    system.forEach(
        (k, v) -> {
          if (!k.startsWith("TIMMY_")) env.put(k, v);
        });
    env.put("TIMMY_MAX_DISPATCH", "3");
    env.put("TIMMY_PANES", "3");
    env.put("TIMMY_CI_TIMEOUT", "5m");
    env.put("TIMMY_AGENT_TIMEOUT", "5m");
    env.put("TIMMY_CYCLE_BUDGET", "10m");
    env.put("TIMMY_WORKTREE_ROOT", root.resolve("worktrees").toString());
    env.put("TIMMY_TMUX_SOCKET", "timmy-demo-" + ProcessHandle.current().pid());
    env.put("TIMMY_TMUX_CONF", "/dev/null"); // a tmux server of our own reads no user config
    env.putAll(scenario);
    env.put("TIMMY_TEMPORAL_ADDRESS", temporalAddress);
    env.put("TIMMY_NAMESPACE", "default");
    env.put("TIMMY_TASK_QUEUE", dev.timmyloop.worker.TimmyWorker.TASK_QUEUE);
    env.put("TIMMY_METRICS_PORT", String.valueOf(metricsPort));
    return env;
  }
}
