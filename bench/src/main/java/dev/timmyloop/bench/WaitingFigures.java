package dev.timmyloop.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What waiting costs, from samples of the worker taken about once a second and the windows in which
 * everything waited: pure, so the arithmetic has a table test.
 */
final class WaitingFigures {
  private WaitingFigures() {}

  /**
   * One look at the worker.
   *
   * @param cpuS its user + system CPU seconds so far, less what the bench's reads of its metrics
   *     cost
   * @param requests gRPC requests its stubs issued so far, long polls left out (NaN: not read)
   * @param longPolls its long polls so far (PollWorkflowTaskQueue, PollActivityTaskQueue)
   * @param activitySlotsFree free activity slots at that moment (NaN: not read)
   */
  record Sample(
      long millis, double cpuS, double requests, double longPolls, double activitySlotsFree) {}

  /** A span in which every agent ran, or every PR waited for CI (epoch millis). */
  record Window(String name, long from, long to) {
    boolean empty() {
      return to <= from;
    }
  }

  /**
   * One window's figures: CPU over {@code seconds} between its first and last sample, requests over
   * {@code metricSeconds} between its first and last sample that read the metrics.
   */
  record Part(
      String name,
      double seconds,
      double cpuS,
      double metricSeconds,
      double requests,
      double longPolls,
      int giteaRequests,
      double giteaSeconds,
      double slotsMinFree) {}

  /**
   * The part of {@code w} between its first and last sample, or null when fewer than two samples
   * fall in it.
   */
  static Part part(Window w, List<Sample> samples, List<Long> giteaRequestMillis) {
    List<Sample> in = new ArrayList<>();
    for (Sample s : samples) if (s.millis() >= w.from() && s.millis() <= w.to()) in.add(s);
    if (w.empty() || in.size() < 2) return null;
    Sample a = in.get(0);
    Sample b = in.get(in.size() - 1);
    List<Sample> read = in.stream().filter(x -> !Double.isNaN(x.requests())).toList();
    Sample ma = read.isEmpty() ? a : read.get(0);
    Sample mb = read.isEmpty() ? a : read.get(read.size() - 1);
    double slots = Double.NaN;
    for (Sample s : in) {
      if (!Double.isNaN(s.activitySlotsFree()))
        slots =
            Double.isNaN(slots) ? s.activitySlotsFree() : Math.min(slots, s.activitySlotsFree());
    }
    int gitea = 0;
    for (long t : giteaRequestMillis) if (t >= w.from() && t <= w.to()) gitea++;
    return new Part(
        w.name(),
        (b.millis() - a.millis()) / 1000.0,
        b.cpuS() - a.cpuS(),
        (mb.millis() - ma.millis()) / 1000.0,
        read.isEmpty() ? 0 : mb.requests() - ma.requests(),
        read.isEmpty() ? 0 : mb.longPolls() - ma.longPolls(),
        gitea,
        (w.to() - w.from()) / 1000.0,
        slots);
  }

  /** The figures over all parts together: each rate is a sum over the parts' summed time. */
  static Map<String, Double> compute(int panes, List<Part> parts) {
    double seconds = 0;
    double metricSeconds = 0;
    double cpu = 0;
    double requests = 0;
    double longPolls = 0;
    double gitea = 0;
    double giteaSeconds = 0;
    double slots = Double.NaN;
    for (Part p : parts) {
      seconds += p.seconds();
      metricSeconds += p.metricSeconds();
      cpu += p.cpuS();
      requests += p.requests();
      longPolls += p.longPolls();
      gitea += p.giteaRequests();
      giteaSeconds += p.giteaSeconds();
      if (!Double.isNaN(p.slotsMinFree()))
        slots = Double.isNaN(slots) ? p.slotsMinFree() : Math.min(slots, p.slotsMinFree());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    boolean none = seconds <= 0;
    out.put("waiting_cpu_core_per_pane", none ? Double.NaN : cpu / seconds / panes);
    out.put("gitea_requests_per_s_waiting", giteaSeconds <= 0 ? Double.NaN : gitea / giteaSeconds);
    boolean unread = metricSeconds <= 0;
    out.put("temporal_requests_per_s_waiting", unread ? Double.NaN : requests / metricSeconds);
    out.put("temporal_long_polls_per_s_waiting", unread ? Double.NaN : longPolls / metricSeconds);
    out.put("activity_slots_min_free", slots);
    return out;
  }

  /** All agents running: from the last of the first {@code panes} starts to the first exit. */
  static Window agents(int panes, List<Long> startMillis, List<Long> exitMillis) {
    List<Long> starts = startMillis.stream().sorted().toList();
    long exit = exitMillis.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    if (starts.size() < panes) return new Window("agents", 0, 0);
    return new Window("agents", starts.get(panes - 1), exit);
  }

  /**
   * Every PR's first CI run in progress: from the last start to the first end. The forge's times
   * are whole seconds, so the start is taken one second later; a run still going ends at {@code
   * readAt}.
   */
  static Window ci(List<long[]> startEndMillis, long readAt) {
    long from = 0;
    long to = readAt;
    for (long[] r : startEndMillis) {
      from = Math.max(from, r[0] + 1000);
      to = Math.min(to, r[1]);
    }
    return startEndMillis.isEmpty() ? new Window("ci", 0, 0) : new Window("ci", from, to);
  }
}
