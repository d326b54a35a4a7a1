package dev.timmyloop.workflows.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timmyloop.activities.settings.SettingsActivities.LoopSettings;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Stubs#callAgainOnLoss} with several hosts, on the SDK test server: an activity on host b
 * that fails twice (retryably) and then succeeds. On the test server's path the workflow calls it
 * three times, one attempt each; on the real server's path it is scheduled once and the server
 * retries it.
 */
@Timeout(60)
class StubsTest {
  private static final String QUEUE = "stubs-test";

  /** A retry profile that names no do-not-retry types ({@code getDoNotRetry()} is null). */
  static final ActivityOptions NO_DO_NOT_RETRY =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  @ActivityInterface(namePrefix = "Flaky.")
  public interface Flaky {
    @ActivityMethod
    String run();
  }

  /** Fails its first two runs with a retryable failure. */
  static final class FlakyImpl implements Flaky {
    final AtomicInteger runs = new AtomicInteger();

    @Override
    public String run() {
      int n = runs.incrementAndGet();
      if (n <= 2) throw ApplicationFailure.newFailure("not yet (run " + n + ")", "NotYet");
      return "ran " + n + " times";
    }
  }

  @WorkflowInterface
  public interface Caller {
    /**
     * @param profile {@code kimi-await} or {@code no-do-not-retry}
     */
    @WorkflowMethod
    String call(boolean realServer, String profile);
  }

  public static class CallerImpl implements Caller {
    @Override
    public String call(boolean realServer, String profile) {
      LoopSettings s =
          new LoopSettings(
              "o/r",
              "main",
              List.of("Kimi:0.0"),
              List.of(),
              "tox",
              2,
              0,
              7200,
              3600,
              1800,
              5400,
              300,
              "a",
              List.of("a", "b"),
              10,
              false,
              realServer,
              5,
              "serial",
              4);
      ActivityOptions options =
          profile.equals("kimi-await") ? ActivityProfiles.AGENT_AWAIT : NO_DO_NOT_RETRY;
      return Stubs.on(s, "b").callAgainOnLoss(Flaky.class, options, "flaky on b", Flaky::run);
    }
  }

  private TestWorkflowEnvironment env;
  private FlakyImpl flaky;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(QUEUE)
        .registerWorkflowImplementationTypes(
            WorkflowImplementationOptions.newBuilder()
                .setFailWorkflowExceptionTypes(Throwable.class)
                .build(),
            CallerImpl.class);
    Worker b = env.newWorker(Hosts.queue(QUEUE, "b"));
    flaky = new FlakyImpl();
    b.registerActivitiesImplementations(flaky);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /** Runs the caller; returns its history's activity events. */
  private List<HistoryEvent> run(String id, boolean realServer, String profile) {
    WorkflowClient client = env.getWorkflowClient();
    Caller caller =
        client.newWorkflowStub(
            Caller.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE).build());
    assertEquals("ran 3 times", caller.call(realServer, profile));
    return client.fetchHistory(id).getHistory().getEventsList();
  }

  private static List<HistoryEvent> of(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).toList();
  }

  @Test
  void onTheTestServerEachCallIsOneAttemptScheduledAgain() {
    List<HistoryEvent> events = run("old-path", false, "kimi-await");
    List<HistoryEvent> scheduled = of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    List<HistoryEvent> started = of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    assertEquals(3, scheduled.size(), "scheduled");
    assertTrue(
        scheduled.stream()
            .allMatch(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                        .getTaskQueue()
                        .getName()
                        .equals("stubs-test@b")),
        "on b's queue: " + scheduled);
    assertTrue(
        scheduled.stream()
            .allMatch(
                e ->
                    e.getActivityTaskScheduledEventAttributes()
                            .getRetryPolicy()
                            .getMaximumAttempts()
                        == 1),
        "one attempt per call: " + scheduled);
    assertEquals(
        List.of(1, 1, 1),
        started.stream().map(e -> e.getActivityTaskStartedEventAttributes().getAttempt()).toList(),
        "attempts");
    assertEquals(2, of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).size(), "failed calls");
    assertEquals(3, flaky.runs.get(), "runs");
  }

  @Test
  void onTheRealServerItIsScheduledOnceAndTheServerRetries() {
    List<HistoryEvent> events = run("real-path", true, "kimi-await");
    List<HistoryEvent> scheduled = of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    List<HistoryEvent> started = of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    assertEquals(1, scheduled.size(), "scheduled");
    var attributes = scheduled.get(0).getActivityTaskScheduledEventAttributes();
    assertEquals("stubs-test@b", attributes.getTaskQueue().getName());
    assertEquals(10, attributes.getScheduleToStartTimeout().getSeconds(), "the host's limit");
    assertEquals(
        ActivityProfiles.AGENT_AWAIT.getRetryOptions().getMaximumAttempts(),
        attributes.getRetryPolicy().getMaximumAttempts(),
        "the profile's own retries");
    assertEquals(
        List.of(3),
        started.stream().map(e -> e.getActivityTaskStartedEventAttributes().getAttempt()).toList(),
        "completed at attempt");
    assertEquals(1, of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).size(), "completed");
    assertEquals(List.of(), of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED), "failed");
    assertEquals(3, flaky.runs.get(), "runs");
  }

  @Test
  void aProfileWithoutDoNotRetryTypesIsCalledAgainToo() {
    List<HistoryEvent> events = run("no-do-not-retry", false, "no-do-not-retry");
    assertEquals(3, of(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).size(), "scheduled");
    assertEquals(3, flaky.runs.get(), "runs");
  }
}
