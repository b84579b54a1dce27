package io.wacall.backend.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.wacall.contract.WacallSearchAttributes;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Registers wacall's search attributes on the Temporal server at start-up when they are missing,
 * before any worker polls (workflows upsert them; an unregistered one would fail their tasks).
 * The distributed deployment registers them in its setup step; this makes the embedded server and
 * the tests' servers ready too. A server that refuses (no admin rights) is logged, not fatal.
 */
@Component
@ConditionalOnProperty(name = "wacall.temporal.register-search-attributes", havingValue = "true", matchIfMissing = true)
public class SearchAttributeRegistrar implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistrar.class);
  private final WorkflowClient client;

  public SearchAttributeRegistrar(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public void afterPropertiesSet() {
    String namespace = client.getOptions().getNamespace();
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
        .setChannel(client.getWorkflowServiceStubs().getRawChannel())
        .validateAndBuildWithDefaults());
    try {
      // one at a time, so that one already there (ALREADY_EXISTS) does not stop the others;
      // listing first is not an option: the SDK's test server does not implement the list call
      for (Map.Entry<String, IndexedValueType> attribute : WacallSearchAttributes.ALL.entrySet()) {
        register(operator, namespace, attribute.getKey(), attribute.getValue());
      }
    } finally {
      operator.shutdown();
    }
  }

  private static void register(OperatorServiceStubs operator, String namespace, String name, IndexedValueType type) {
    try {
      operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
          .setNamespace(namespace).putSearchAttributes(name, type).build());
      log.info("registered search attribute {} ({}) in namespace {}", name, type, namespace);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
        return;
      }
      log.warn("could not register search attribute {} in namespace {} ({}); register it with the deployment's "
          + "setup step, or workflows that upsert it will fail", name, namespace, e.getStatus());
    }
  }
}
