package io.wacall.activities.temporal;

import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.wacall.workflows.common.WacallSearchAttributes;
import java.util.LinkedHashMap;
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
      Map<String, IndexedValueType> existing = operator.blockingStub()
          .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
          .getCustomAttributesMap();
      Map<String, IndexedValueType> missing = new LinkedHashMap<>(WacallSearchAttributes.ALL);
      missing.keySet().removeAll(existing.keySet());
      if (!missing.isEmpty()) {
        operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
            .setNamespace(namespace).putAllSearchAttributes(missing).build());
        log.info("registered search attributes {} in namespace {}", missing.keySet(), namespace);
      }
    } catch (StatusRuntimeException e) {
      log.warn("could not check or register search attributes {} in namespace {} ({}); register them with "
          + "the deployment's setup step, or workflows that upsert them will fail", WacallSearchAttributes.ALL.keySet(),
          namespace, e.getStatus());
    } finally {
      operator.shutdown();
    }
  }
}
