package dev.timmyloop.worker;

import com.uber.m3.tally.Scope;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Service stubs and a client for one frontend, checked with one short call before anyone uses them.
 */
public record TemporalConnection(
    String address, String namespace, WorkflowServiceStubs stubs, WorkflowClient client)
    implements AutoCloseable {
  public static TemporalConnection connect(String address, String namespace, Duration timeout) {
    return connect(address, namespace, null, timeout);
  }

  /**
   * Connects and calls {@code GetSystemInfo} within {@code timeout}, so a wrong address fails here
   * with one clear line instead of as endless poll retries later.
   */
  public static TemporalConnection connect(
      String address, String namespace, Scope metrics, Duration timeout) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    if (metrics != null) options.setMetricsScope(metrics);
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      stubs.shutdownNow();
      throw new TemporalUnreachableException(
          ("cannot reach Temporal at %s (%s); start one with `./timmy server` or docker-compose,"
                  + " or set temporalAddress")
              .formatted(address, e.getStatus().getCode()),
          e);
    }
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    return new TemporalConnection(address, namespace, stubs, client);
  }

  /**
   * The test server answers {@code CountWorkflowExecutions} with UNIMPLEMENTED; a real server
   * answers it (or fails for another reason). One cheap call, so nobody has to say which server
   * they run.
   */
  public boolean isTestServer() {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .countWorkflowExecutions(
              CountWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build());
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.UNIMPLEMENTED;
    }
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
