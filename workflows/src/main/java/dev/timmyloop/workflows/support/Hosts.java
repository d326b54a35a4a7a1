package dev.timmyloop.workflows.support;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import dev.timmyloop.activities.state.StateFileActivities.Holder;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.List;

/**
 * Several hosts: which machine an activity runs on, and how a pane names its host. Pure, apart from
 * {@link #queue}, which reads the workflow's own task queue.
 *
 * <p>With one host (the default) nothing is routed: every activity stays on the workflow's task
 * queue, which is then that host's, and panes keep their tmux names ({@code Kimi:0.2}). With
 * several, an activity that touches a machine (tmux, the agent, git worktrees, the tests, the state
 * files) goes to {@code <taskQueue>@<host>}, and a pane is named {@code Kimi:0.2@<host>}. The first
 * host is the home host: it keeps the claims, {@code state.json} and the correspondence, and the
 * main clone the merge queue and phase 1 read.
 */
public final class Hosts {
  /** The schedule-to-start limit when the settings name none. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private Hosts() {}

  /** More than one host: host activities go to per-host task queues. */
  public static boolean several(LoopSettings s) {
    return s != null && s.hosts() != null && s.hosts().size() > 1;
  }

  /** The hosts in order, the home host first; one empty name when routing is off. */
  public static List<String> all(LoopSettings s) {
    return several(s) ? s.hosts() : List.of("");
  }

  /** The home host, or empty when routing is off. */
  public static String home(LoopSettings s) {
    return several(s) ? s.hosts().get(0) : "";
  }

  /** {@code host}, or the home host when it is null or blank. */
  public static String orHome(LoopSettings s, String host) {
    return host == null || host.isBlank() ? home(s) : host;
  }

  public static Duration timeout(LoopSettings s) {
    return s.hostTimeoutSeconds() > 0
        ? Duration.ofSeconds(s.hostTimeoutSeconds())
        : DEFAULT_TIMEOUT;
  }

  /** {@code timmy-loop@b}: the task queue of host {@code b}, next to the workflow's own. */
  public static String queue(String workflowTaskQueue, String host) {
    return workflowTaskQueue + "@" + host;
  }

  /**
   * A pane as the loop shows and claims it: {@code Kimi:0.2}, or {@code Kimi:0.2@b} with several
   * hosts.
   */
  public static String label(String host, String pane) {
    return host == null || host.isEmpty() ? pane : pane + "@" + host;
  }

  /** The tmux target in a label: {@code Kimi:0.2@b} → {@code Kimi:0.2}. */
  public static String paneOf(String label) {
    int at = label.lastIndexOf('@');
    return at < 0 ? label : label.substring(0, at);
  }

  /** The claim of {@code cycle}'s job on the pane {@code label} names. */
  public static Holder holder(String cycle, String label) {
    return new Holder(cycle, hostOf(label), paneOf(label));
  }

  /** The host in a label, or empty (the home host) when it names none. */
  public static String hostOf(String label) {
    int at = label.lastIndexOf('@');
    return at < 0 ? "" : label.substring(at + 1);
  }

  /**
   * The host's worker did not pick the activity up within the schedule-to-start limit: the host is
   * gone (or was never there). Temporal does not retry this timeout.
   */
  public static boolean gone(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutFailure tf
          && tf.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        return true;
      }
    }
    return false;
  }
}
