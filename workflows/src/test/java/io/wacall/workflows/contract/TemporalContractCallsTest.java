package io.wacall.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowExtension;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.failure.CallRefusal;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.common.TestSearchAttributes;
import io.temporal.worker.Worker;
import io.wacall.workflows.call.InboundCallWorkflowImpl;
import io.wacall.workflows.call.OutboundCallWorkflowImpl;
import io.wacall.workflows.contract.ContractDocument.Example;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a service in another language does, on the time-skipping test server: it knows the type
 * names, the task queue, the ID schemes and the JSON of {@code docs/temporal-contract.md}, and
 * nothing else. Every argument here is one of the document's examples, read as a plain map; every
 * answer is read as a plain map and compared with the document's example of it.
 */
class TemporalContractCallsTest {
  static final ContractDocument DOC = ContractDocument.read();
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(
          CallPermissionWorkflowImpl.class, InboundCallWorkflowImpl.class, OutboundCallWorkflowImpl.class)
      .setDoNotStart(true)
      // the calls happen when the document's connect says: Meta's ring window counts from it
      .setInitialTime(Instant.parse(text(map(CallWebhookEvent.class.getName(), "inbound-connect"), "timestamp")))
      .build();

  /** A fresh outside world per test. */
  private ContractCallActivities calls;
  private ContractPermissionActivities permissions;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    calls = new ContractCallActivities();
    permissions = new ContractPermissionActivities();
    worker.registerActivitiesImplementations(calls, permissions);
    env.start();
  }

  @Test
  void anInboundCallIsStartedBySignalWithStartOfTheConnectThenAnsweredHungUpAndEnded(
      WorkflowClient client, Worker worker) {
    Map<String, Object> input = map(InboundCallInput.class.getName());
    Map<String, Object> connect = map(CallWebhookEvent.class.getName(), "inbound-connect");
    Map<String, Object> answer = map(AnswerRequest.class.getName());
    calls.ringGroup = List.of(text(answer, "agentId"), "a-99");
    calls.dispositionTags = null; // the defaults, which the document names

    WorkflowStub call = client.newUntypedWorkflowStub("InboundCall", WorkflowOptions.newBuilder()
        .setWorkflowId("inbound-call:" + text(input, "wacid"))
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build());
    call.signalWithStart("callEvent", new Object[] {connect}, new Object[] {input});

    Map<String, Object> ringing = await().atMost(Duration.ofSeconds(10))
        .until(() -> state(call), s -> s.get("ringing") != null);
    assertThat(ringing.keySet()).as("the state has the documented fields")
        .isEqualTo(map(CallView.class.getName(), "inbound-ringing").keySet());
    assertThat(ringing).containsEntry("status", "RINGING").containsEntry("customer", connect.get("from"));
    assertThat(text(obj(ringing, "ringing"), "agentId")).isEqualTo(answer.get("agentId"));

    Map<String, Object> answered = call.update("answer", Map.class, answer);
    assertThat(answered).as("the answer is the document's example").isEqualTo(map(AnswerResult.class.getName()));

    Map<String, Object> hungUp = call.update("hangUp", Map.class, map(HangUpRequest.class.getName()));
    assertThat(hungUp).containsEntry("hangUpBy", answer.get("agentId"));
    call.signal("callEvent", map(CallWebhookEvent.class.getName(), "inbound-terminate"));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(call), s -> "ENDED".equals(s.get("status")));

    Map<String, Object> result = call.getResult(Map.class);
    assertThat(result).containsEntry("outcome", "COMPLETED").containsEntry("durationSeconds", 230)
        .containsEntry("durationEstimated", false);
    assertThat(calls.cloudCalls).contains("accept " + text(input, "wacid"), "terminate " + text(input, "wacid"));
  }

  @Test
  void anOutboundCallIsPlacedByUpdateWithStartOfConnectResultAndConnectsOnTheAcceptedStatus(
      WorkflowClient client, Worker worker) {
    Map<String, Object> input = map(OutboundCallInput.class.getName());
    Map<String, Object> documented = map(OutboundConnectResult.class.getName());
    calls.connectWacid = text(documented, "wacid");
    calls.check = ContractCallActivities.allowed();

    WorkflowStub call = outbound(client, worker, text(input, "requestId"));
    Map<String, Object> placed = call.executeUpdateWithStart(connectResult(), new Object[] {}, new Object[] {input});

    assertThat(placed).as("the result is the document's example").isEqualTo(documented);
    call.signal("callEvent", map(CallWebhookEvent.class.getName(), "outbound-status"));
    Map<String, Object> connected = await().atMost(Duration.ofSeconds(10))
        .until(() -> state(call), s -> "CONNECTED".equals(s.get("status")));
    assertThat(connected.keySet()).isEqualTo(map(CallView.class.getName(), "outbound-ended").keySet());
    assertThat(connected).containsEntry("id", documented.get("id")).containsEntry("customer", input.get("to"));
    assertThat(calls.cloudCalls).contains("connect " + documented.get("id"));
  }

  @Test
  void aRefusedOutboundCallFailsTheUpdateWithTheDocumentedTypeAndACallRefusalDetail(
      WorkflowClient client, Worker worker) {
    Map<String, Object> input = new HashMap<>(map(OutboundCallInput.class.getName()));
    input.put("requestId", text(input, "requestId") + "-refused");
    calls.check = ContractCallActivities.noPermission();

    WorkflowStub call = outbound(client, worker, text(input, "requestId"));
    WorkflowUpdateException refused = catchThrowableOfType(WorkflowUpdateException.class,
        () -> call.executeUpdateWithStart(connectResult(), new Object[] {}, new Object[] {input}));

    ApplicationFailure failure = (ApplicationFailure) refused.getCause();
    assertThat(failure.getType()).isEqualTo("PermissionRequired");
    Map<String, Object> details = asMap(failure.getDetails().get(0, Map.class));
    Map<String, Object> example = map(CallRefusal.class.getName());
    assertThat(details.keySet()).isEqualTo(example.keySet());
    assertThat(details).containsEntry("code", example.get("code"));
    assertThat(obj(details, "call").keySet()).isEqualTo(obj(example, "call").keySet());
    assertThat(obj(details, "call")).containsEntry("status", "REFUSED").containsEntry("outcome", "FAILED");
    calls.check = ContractCallActivities.allowed();
  }

  @Test
  void aPermissionIsRequestedByUpdateWithStartThenQueriedRefusedWhenThrottledAndGrantedByTheReply(
      WorkflowClient client, Worker worker) {
    Map<String, Object> input = map(PermissionInput.class.getName());
    Map<String, Object> request = map(PermissionRequest.class.getName());
    Map<String, Object> documented = map(PermissionRequestResult.class.getName());
    permissions.messageId = text(documented, "messageId");

    WorkflowStub permission = client.newUntypedWorkflowStub("CallPermission", WorkflowOptions.newBuilder()
        .setWorkflowId("permission:" + text(input, "phoneNumberId") + ":" + text(input, "waId"))
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build());
    Map<String, Object> sent = permission.executeUpdateWithStart(
        UpdateOptions.<Map>newBuilder(Map.class).setUpdateName("requestPermission")
            .setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new Object[] {request}, new Object[] {input});

    assertThat(sent.keySet()).isEqualTo(documented.keySet());
    assertThat(sent).containsEntry("messageId", documented.get("messageId"));
    Map<String, Object> pending = asMap(permission.query("state", Map.class));
    assertThat(pending.keySet()).isEqualTo(map(PermissionView.class.getName()).keySet());
    assertThat(pending).containsEntry("status", "PENDING");

    WorkflowUpdateException again = catchThrowableOfType(WorkflowUpdateException.class,
        () -> permission.update("requestPermission", Map.class, request));
    ApplicationFailure throttled = (ApplicationFailure) again.getCause();
    assertThat(throttled.getType()).isEqualTo("PermissionRequestThrottled");
    Map<String, Object> refused = asMap(throttled.getDetails().get(0, Map.class));
    assertThat(refused.keySet()).isEqualTo(map(CallPermissionWorkflow.class.getName() + ".Refused").keySet());
    assertThat(refused).containsEntry("reason", "THROTTLED");

    // the documented reply, made just after the request this run sent (this test's clock is the one
    // of the call examples, past the permission examples): a reply older than the request is stale
    Map<String, Object> reply = new HashMap<>(map(PermissionReply.class.getName()));
    reply.put("timestamp", text(sent, "sentAt"));
    permission.signal("permissionReply", reply);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> asMap(permission.query("state", Map.class)), s -> "TEMPORARY".equals(s.get("status")));
  }

  @Test
  void aSignalWithAFieldTheContractDoesNotKnowIsDroppedWithoutAnError(WorkflowClient client, Worker worker) {
    Map<String, Object> input = new HashMap<>(map(OutboundCallInput.class.getName()));
    input.put("requestId", text(input, "requestId") + "-typo");
    calls.connectWacid = text(map(OutboundConnectResult.class.getName()), "wacid");
    WorkflowStub call = outbound(client, worker, text(input, "requestId"));
    call.executeUpdateWithStart(connectResult(), new Object[] {}, new Object[] {input});

    Map<String, Object> misspelt = new HashMap<>(map(CallWebhookEvent.class.getName(), "outbound-status"));
    misspelt.put("statuss", misspelt.remove("status"));
    call.signal("callEvent", misspelt); // the sender sees no error
    call.signal("callEvent", map(CallWebhookEvent.class.getName(), "outbound-status"));

    Map<String, Object> connected = await().atMost(Duration.ofSeconds(10))
        .until(() -> state(call), s -> "CONNECTED".equals(s.get("status")));
    // only the well-formed signal reached the workflow: the misspelt one left no trace
    List<String> statuses = JSON.valueToTree(connected.get("timeline")).findValuesAsText("event").stream()
        .filter(event -> event.startsWith("status")).toList();
    assertThat(statuses).containsExactly("status ACCEPTED");
  }

  // --- helpers

  private static WorkflowStub outbound(WorkflowClient client, Worker worker, String requestId) {
    return client.newUntypedWorkflowStub("OutboundCall", WorkflowOptions.newBuilder()
        .setWorkflowId("outbound-call:" + requestId)
        .setTaskQueue(worker.getTaskQueue())
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .build());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static UpdateOptions<Map<String, Object>> connectResult() {
    return (UpdateOptions) UpdateOptions.newBuilder(Map.class).setUpdateName("connectResult")
        .setWaitForStage(WorkflowUpdateStage.COMPLETED).build();
  }

  private static Map<String, Object> state(WorkflowStub stub) {
    return asMap(stub.query("state", Map.class));
  }

  /** The document's one example of {@code type} (with that name), as the plain map a client would send. */
  static Map<String, Object> map(String type, String name) {
    return parse(DOC.example(type, name));
  }

  /** The document's first example of {@code type}. */
  static Map<String, Object> map(String type) {
    return parse(DOC.example(type));
  }

  private static Map<String, Object> parse(Example example) {
    try {
      return JSON.readValue(example.json(), new TypeReference<Map<String, Object>>() {});
    } catch (Exception e) {
      throw new AssertionError(example.describe() + " is not a JSON object", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> obj(Map<String, Object> map, String key) {
    return asMap(map.get(key));
  }

  private static String text(Map<String, Object> map, String key) {
    return (String) map.get(key);
  }
}
