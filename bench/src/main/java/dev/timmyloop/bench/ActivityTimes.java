package dev.timmyloop.bench;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a job's time goes, read from its history: per activity type, how many ran, how long each
 * waited to be picked up (scheduled → started) and how long it ran (started → completed); the same
 * for workflow tasks.
 */
final class ActivityTimes {
  private final Map<String, List<Double>> queued = new TreeMap<>();
  private final Map<String, List<Double>> ran = new TreeMap<>();
  private int histories;

  void add(WorkflowExecutionHistory h) {
    histories++;
    Map<Long, String> types = new HashMap<>();
    Map<Long, Long> scheduledAt = new HashMap<>();
    Map<Long, Long> startedAt = new HashMap<>();
    for (HistoryEvent e : h.getEvents()) {
      long t = Histories.millis(e);
      switch (e.getEventType()) {
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          types.put(
              e.getEventId(),
              e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
          scheduledAt.put(e.getEventId(), t);
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          long s = e.getActivityTaskStartedEventAttributes().getScheduledEventId();
          startedAt.put(s, t);
          sample(queued, types.get(s), t - scheduledAt.getOrDefault(s, t));
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          long s = e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
          sample(ran, types.get(s), t - startedAt.getOrDefault(s, t));
        }
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> scheduledAt.put(e.getEventId(), t);
        case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
          long s = e.getWorkflowTaskStartedEventAttributes().getScheduledEventId();
          startedAt.put(e.getEventId(), t);
          sample(queued, "(workflow task)", t - scheduledAt.getOrDefault(s, t));
        }
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          long s = e.getWorkflowTaskCompletedEventAttributes().getStartedEventId();
          sample(ran, "(workflow task)", t - startedAt.getOrDefault(s, t));
        }
        default -> {}
      }
    }
  }

  private static void sample(Map<String, List<Double>> m, String type, long millis) {
    if (type != null) m.computeIfAbsent(type, k -> new ArrayList<>()).add((double) millis);
  }

  /** One line per type: count per history, median wait and run in ms. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : queued.entrySet()) {
      List<Double> r = ran.getOrDefault(e.getKey(), List.of());
      double perHistory = e.getValue().size() / (double) Math.max(1, histories);
      out.add(
          String.format(
              java.util.Locale.ROOT,
              "%s ×%.1f: waited %.0f ms, ran %.0f ms (medians); total run %.0f ms",
              e.getKey(),
              perHistory,
              Stats.median(e.getValue()),
              Stats.median(r),
              r.stream().mapToDouble(Double::doubleValue).sum() / Math.max(1, histories)));
    }
    return out;
  }
}
