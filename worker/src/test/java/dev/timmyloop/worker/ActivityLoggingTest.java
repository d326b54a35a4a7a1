package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ActivityLoggingTest {
  @ActivityInterface(namePrefix = "Probe.")
  public interface ProbeActivities {
    String echo(String text);

    void refuse();
  }

  public static class ProbeActivitiesImpl implements ProbeActivities {
    @Override
    public String echo(String text) {
      return text;
    }

    @Override
    public void refuse() {
      throw ApplicationFailure.newNonRetryableFailure("no, and here is why", "Refused");
    }
  }

  @WorkflowInterface
  public interface TwoSteps {
    @WorkflowMethod
    String run(boolean fail);
  }

  public static class TwoStepsImpl implements TwoSteps {
    private final ProbeActivities probe =
        Workflow.newActivityStub(
            ProbeActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public String run(boolean fail) {
      String secretLookingArgument = probe.echo("issue text that must not be logged");
      if (fail) probe.refuse();
      return secretLookingArgument;
    }
  }

  private TestWorkflowEnvironment env;
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger activityLog = (Logger) LoggerFactory.getLogger("dev.timmyloop.activity");

  @BeforeEach
  void start() {
    lines.start();
    activityLog.addAppender(lines);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new ActivityLogging())
                        .build())
                .build());
    Worker worker = env.newWorker("probe");
    worker.registerWorkflowImplementationTypes(TwoStepsImpl.class);
    worker.registerActivitiesImplementations(new ProbeActivitiesImpl());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    activityLog.detachAppender(lines);
  }

  private TwoSteps stub(String id) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            TwoSteps.class,
            WorkflowOptions.newBuilder().setTaskQueue("probe").setWorkflowId(id).build());
  }

  private List<String> messages() {
    return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void oneLineAtStartAndOneAtEndNamingTheWorkflow() {
    stub("timmy-issue-7").run(false);

    List<String> messages = messages();
    assertEquals(2, messages.size(), messages.toString());
    assertEquals("activity Probe.Echo started in timmy-issue-7 (attempt 1)", messages.get(0));
    assertTrue(messages.get(1).startsWith("activity Probe.Echo done in timmy-issue-7 after "));
    assertEquals("timmy-issue-7", lines.list.get(0).getMDCPropertyMap().get("workflowId"));
    assertTrue(messages.stream().noneMatch(m -> m.contains("issue text")), messages.toString());
  }

  @Test
  void aFailureIsLoggedWithItsTypeNotItsMessage() {
    TwoSteps stub = stub("timmy-issue-8");
    assertThrows(WorkflowFailedException.class, () -> stub.run(true));

    String last = messages().get(messages().size() - 1);
    assertTrue(last.startsWith("activity Probe.Refuse failed in timmy-issue-8 after "), last);
    assertTrue(last.endsWith("(attempt 1): Refused (not retried)"), last);
    assertTrue(!last.contains("here is why"), last);
  }
}
