package dev.timmyloop.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Test;

/** The worker's one decision about search attributes, against each kind of server. */
class SearchAttributeSetupTest {

  @Test
  void theTestServerGetsTheAttributesAdded() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      OperatorServiceStubs operator = env.getOperatorServiceStubs();
      assertTrue(SearchAttributeSetup.ensure(operator, "default", false));
      // A second worker on the same server: they exist already.
      assertTrue(SearchAttributeSetup.ensure(operator, "default", false));
    }
  }

  /**
   * A real server that lists its attributes without ours. The test server cannot list, so a
   * recording fake of the one call answers here.
   */
  @Test
  void aServerWithoutThemTurnsTheAttributesOff() throws Exception {
    assertFalse(ensureAgainst(ListSearchAttributesResponse.getDefaultInstance()));
    ListSearchAttributesResponse partial =
        ListSearchAttributesResponse.newBuilder()
            .putCustomAttributes("TimmyCycle", IndexedValueType.INDEXED_VALUE_TYPE_INT)
            .build();
    assertFalse(ensureAgainst(partial));
    ListSearchAttributesResponse.Builder all = ListSearchAttributesResponse.newBuilder();
    for (String name : dev.timmyloop.workflows.support.TimmyAttributes.TYPES.keySet()) {
      all.putCustomAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    assertTrue(ensureAgainst(all.build()));
  }

  private static boolean ensureAgainst(ListSearchAttributesResponse answer) throws Exception {
    String name = "operator-" + System.nanoTime();
    Server server =
        InProcessServerBuilder.forName(name)
            .addService(
                new OperatorServiceGrpc.OperatorServiceImplBase() {
                  @Override
                  public void listSearchAttributes(
                      ListSearchAttributesRequest request,
                      StreamObserver<ListSearchAttributesResponse> out) {
                    out.onNext(answer);
                    out.onCompleted();
                  }
                })
            .build()
            .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(channel)
                .validateAndBuildWithDefaults());
    try {
      return SearchAttributeSetup.ensure(operator, "default", false);
    } finally {
      operator.shutdownNow();
      channel.shutdownNow();
      server.shutdownNow();
    }
  }
}
