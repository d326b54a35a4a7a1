package dev.timmyloop.worker;

import dev.timmyloop.workflows.support.TimmyAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides at worker start whether the workflows may set the {@code Timmy*} search attributes (a
 * server that lacks them would fail every workflow task that sends them); when they are missing,
 * {@link SearchAttributeWatch} asks again at each cycle start. The real server lists its
 * attributes; the test server cannot list but can add them, so it gets them.
 */
public final class SearchAttributeSetup {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeSetup.class);

  /** The command that creates them on a real server (deploy/README.md). */
  static final String CREATE_COMMAND =
      "temporal operator search-attribute create --namespace <ns> --name TimmyCycle --type Int"
          + " --name TimmyPhase --type Keyword --name TimmyIssue --type Int --name TimmyPane"
          + " --type Keyword --name TimmyOutcome --type Keyword"
          + " (docker-compose runs deploy/temporal/create-namespace.sh for you)";

  private SearchAttributeSetup() {}

  /**
   * True when every Timmy attribute exists (or was just added on a test server).
   *
   * @param quiet no WARN line when they are missing (the worker's later checks; it warned at start)
   */
  static boolean ensure(OperatorServiceStubs operator, String namespace, boolean quiet) {
    Set<String> known;
    try {
      known =
          operator
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap()
              .keySet();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED)
        return addOnTestServer(operator, namespace);
      if (quiet) return false;
      log.warn(
          "search attributes not set: cannot list them on namespace {} ({}); create them with: {}",
          namespace,
          e.getStatus().getCode(),
          CREATE_COMMAND.replace("<ns>", namespace));
      return false;
    }
    List<String> missing =
        TimmyAttributes.TYPES.keySet().stream().filter(n -> !known.contains(n)).sorted().toList();
    if (missing.isEmpty()) return true;
    if (quiet) return false;
    log.warn(
        "search attributes not set: namespace {} lacks {}; create them with: {}",
        namespace,
        missing,
        CREATE_COMMAND.replace("<ns>", namespace));
    return false;
  }

  /**
   * Adds {@link TimmyAttributes#TYPES} to {@code namespace}, as the operator service takes them.
   */
  public static AddSearchAttributesRequest addRequest(String namespace) {
    AddSearchAttributesRequest.Builder request =
        AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
    TimmyAttributes.TYPES.forEach(
        (name, type) ->
            request.putSearchAttributes(
                name,
                type.equals("Int")
                    ? IndexedValueType.INDEXED_VALUE_TYPE_INT
                    : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return request.build();
  }

  /** The test server answers UNIMPLEMENTED to the list but adds attributes (platform notes). */
  private static boolean addOnTestServer(OperatorServiceStubs operator, String namespace) {
    try {
      operator
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .addSearchAttributes(addRequest(namespace));
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) return true;
      log.warn(
          "search attributes not set: the server could not add them ({})", e.getStatus().getCode());
      return false;
    }
  }
}
