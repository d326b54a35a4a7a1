package dev.timmyloop.workflows.support;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.tmux.TmuxActivities.PaneStatus;
import dev.timmyloop.activities.tmux.TmuxActivities.SessionState;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The agent panes of every host, looked at in parallel (workflow code). A host whose worker does
 * not pick the look up within the host timeout is reported as {@code host b: no worker} and its
 * panes are skipped; with one host, a failure fails the caller as before.
 */
public final class PaneScan {
  private PaneScan() {}

  /**
   * @param idle pane labels free for work, taken in turn from each host (so work spreads over them)
   * @param warnings one line per host that did not answer
   */
  public record Result(List<String> idle, List<String> busy, List<String> warnings) {}

  /** Every host of the settings; {@code held} are labels of panes that claims hold. */
  public static Result scan(LoopSettings s, Set<String> held) {
    return scan(s, Hosts.all(s), held);
  }

  public static Result scan(LoopSettings s, List<String> hosts, Set<String> held) {
    List<Promise<SessionState>> looks = new ArrayList<>();
    for (String host : hosts) {
      String where = host.isEmpty() ? "" : " on " + host;
      looks.add(Async.function(Stubs.on(s, host).tmux("inspect panes" + where)::ensureSession));
    }
    List<List<String>> idleByHost = new ArrayList<>();
    List<String> busy = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      List<String> idle = new ArrayList<>();
      idleByHost.add(idle);
      SessionState session;
      try {
        session = looks.get(i).get();
      } catch (ActivityFailure e) {
        if (!Hosts.several(s)) throw e;
        warnings.add("host " + host + ": " + (Hosts.gone(e) ? "no worker" : rootMessage(e)));
        continue;
      }
      for (PaneStatus p : session.panes()) {
        String label = Hosts.label(host, p.target());
        boolean free = p.alive() && p.idle() && p.jobId().isEmpty() && !held.contains(label);
        (free ? idle : busy).add(label);
      }
    }
    return new Result(interleave(idleByHost), busy, warnings);
  }

  /** The first idle pane of each host, then the second of each, and so on. */
  static List<String> interleave(List<List<String>> byHost) {
    List<String> out = new ArrayList<>();
    for (int k = 0; ; k++) {
      boolean any = false;
      for (List<String> panes : byHost) {
        if (k < panes.size()) {
          out.add(panes.get(k));
          any = true;
        }
      }
      if (!any) return out;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return String.valueOf(t.getMessage());
  }
}
