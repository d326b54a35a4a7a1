package dev.timmyloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timmyloop.sandbox.RequestRecord;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Completion latency, measured from the event: the stand-in agent writes its exit time, the forge's
 * CI writes the end of each run; the await activity's completion is read from the job's history and
 * the merge call from the forge's request log.
 */
final class Latencies {
  private static final Pattern WORKTREE =
      Pattern.compile("/(?:fix|feat|refactor|policy)-(\\d+)-[^/]*$");
  private static final Pattern CI_DIR = Pattern.compile("-(\\d+)$");
  private static final Pattern MERGE_PATH = Pattern.compile("/pulls/(\\d+)/merge$");

  private Latencies() {}

  /** Issue number → the agent's last exit, epoch millis. */
  static Map<Long, Long> agentExits(Path log) throws IOException {
    Map<Long, Long> out = new HashMap<>();
    for (String l : Files.readAllLines(log)) {
      String[] parts = l.trim().split(" ", 2);
      if (parts.length < 2) continue;
      Matcher m = WORKTREE.matcher(parts[1].trim());
      if (!m.find()) continue;
      out.merge(Long.parseLong(m.group(1)), Long.parseLong(parts[0]) / 1_000_000, Math::max);
    }
    return out;
  }

  /** Seconds from the agent's exit to the completion of the job's last AwaitJob activity. */
  static double agent(WorkflowExecutionHistory job, long exitMillis) {
    long awaitScheduled = -1;
    long completed = -1;
    for (HistoryEvent e : job.getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .endsWith("AwaitJob")) {
        awaitScheduled = e.getEventId();
      }
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
          && e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == awaitScheduled) {
        completed = Histories.millis(e);
      }
    }
    return completed < 0 ? Double.NaN : (completed - exitMillis) / 1000.0;
  }

  /** CI run id → the end of its test command, epoch millis. */
  static Map<Long, Long> ciExits(Path log) throws IOException {
    Map<Long, Long> out = new HashMap<>();
    for (String l : Files.readAllLines(log)) {
      String[] parts = l.trim().split(" ", 2);
      if (parts.length < 2) continue;
      Matcher m = CI_DIR.matcher(parts[1].trim());
      if (m.find()) out.put(Long.parseLong(m.group(1)), Long.parseLong(parts[0]) / 1_000_000);
    }
    return out;
  }

  /**
   * Seconds from CI turning green on the merged head to the start of the merge call, for each PR
   * merged between {@code from} and {@code to}.
   */
  static List<Double> ci(BenchWorld world, Map<Long, Long> ciRuns, long from, long to)
      throws IOException, InterruptedException {
    Map<String, Long> greenBySha = new HashMap<>();
    for (Map.Entry<Long, Long> run : ciRuns.entrySet()) {
      if (run.getValue() < from - 600_000) continue;
      JsonNode r = world.get("actions/runs/" + run.getKey());
      greenBySha.merge(r.path("head_sha").asText(), run.getValue(), Math::max);
    }
    List<Double> out = new ArrayList<>();
    for (RequestRecord r : world.requests()) {
      if (r.route() == null || !r.method().equals("POST") || r.status() != 200) continue;
      Matcher m = MERGE_PATH.matcher(r.path());
      long end = r.time().toEpochMilli();
      if (!m.find() || end < from || end > to) continue;
      long callStart = end - r.micros() / 1000;
      JsonNode pr = world.get("pulls/" + m.group(1));
      Long green = greenBySha.get(pr.path("head").path("sha").asText());
      if (green != null) out.add((callStart - green) / 1000.0);
    }
    return out;
  }
}
