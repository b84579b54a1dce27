package io.wacall.workflows.permission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowExtension;
import io.wacall.workflows.common.TestSearchAttributes;
import io.temporal.worker.Worker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract a client in another language relies on: type name, task queue, workflow ID and
 * plain JSON. This test uses only untyped stubs and maps, never wacall's Java types.
 */
class CallPermissionJsonContractTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class)
      .setActivityImplementations(new FakePermissionActivities())
      .build();

  @Test
  void aRequestAndAQueryNeedOnlyTheTypeNameTheIdAndJson(WorkflowClient client, Worker worker) {
    WorkflowStub stub = client.newUntypedWorkflowStub("CallPermission", WorkflowOptions.newBuilder()
        .setWorkflowId("permission:106540352242922:5511955550123")
        .setTaskQueue(worker.getTaskQueue())
        .build());
    stub.start(Map.of("phoneNumberId", "106540352242922", "waId", "5511955550123"));

    Map<?, ?> result = stub.update("requestPermission", Map.class, Map.of("bodyText", "May we call you?"));
    assertThat((String) result.get("messageId")).startsWith("wamid.");

    JsonNode state = JSON.valueToTree(stub.query("state", Map.class));
    assertThat(state.path("status").asText()).isEqualTo("PENDING");
    assertThat(state.path("requestLog").get(0).asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z"); // ISO-8601
    assertThat(state.path("pendingRequest").path("messageId").asText()).isEqualTo(result.get("messageId"));

    stub.signal("permissionReply", Map.of("messageId", "wamid.reply", "timestamp", "2030-01-01T00:00:00Z",
        "response", "ACCEPT", "permanent", true, "source", "USER_ACTION"));
    assertThat(JSON.valueToTree(stub.query("state", Map.class)).path("status").asText()).isEqualTo("PERMANENT");
  }
}
