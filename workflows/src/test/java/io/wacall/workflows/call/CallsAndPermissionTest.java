package io.wacall.workflows.call;

import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.failure.CallRefusal;
import static io.wacall.workflows.call.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.wacall.workflows.common.TestSearchAttributes;
import io.temporal.worker.Worker;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import io.wacall.workflows.permission.PermissionActivities;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The call workflows and CallPermission together on one worker, with {@code NotifyPermission} and
 * {@code CheckOutbound} implemented as the integrator will: signal-with-start of CallPermission's
 * {@code callConnected}/{@code callUnanswered}, and its {@code state} query. Meta's rules: 4
 * unanswered business calls revoke; a connected call resets the request windows.
 */
class CallsAndPermissionTest {
  static final String PHONE = "106540352242922";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final AtomicInteger customers = new AtomicInteger();

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(InboundCallWorkflowImpl.class, OutboundCallWorkflowImpl.class,
          CallPermissionWorkflowImpl.class)
      .setDoNotStart(true)
      .setInitialTime(START)
      .build();

  /** A fresh outside world per test. */
  private WiredActivities calls;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private String customer;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    this.customer = "552198765" + String.format("%04d", customers.incrementAndGet());
    calls = new WiredActivities();
    calls.client = client;
    calls.taskQueue = taskQueue;
    worker.registerActivitiesImplementations(calls, new QuietPermissionActivities());
    env.start();
  }

  @Test
  void fourUnansweredOutboundCallsInARowRevokeThePermission_andTheNextCallIsRefused() {
    CallPermissionWorkflow permission = permissionStub();
    BatchRequest grant = client.newSignalWithStartRequest();
    grant.add(permission::run, PermissionInput.fresh(PHONE, customer));
    grant.add(permission::permissionReply, new PermissionReply("wamid.grant", now(), ReplyResponse.ACCEPT, true, null,
        ReplySource.USER_ACTION, null));
    client.signalWithStart(grant);
    // a fresh run first reads the pair's record (an activity): the grant shows once that is done
    await().until(() -> permissionState().status() == PermissionStatus.PERMANENT);
    for (int i = 1; i <= 4; i++) {
      String requestId = "revoke-" + customer + "-" + i;
      String wacid = connect(requestId).wacid();
      OutboundCallWorkflow call = client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowIds.outboundCall(requestId));
      if (i % 2 == 1) {
        call.callEvent(CallWebhookEvent.status(wacid, now(), "REJECTED"));
      } else {
        env.sleep(Duration.ofSeconds(31)); // rings out: the workflow terminates it
        await().until(() -> calls.cloudActions().contains("terminate"));
      }
      call.callEvent(CallWebhookEvent.terminate(wacid, now(), "COMPLETED", null, null, null, null, null,
          "5511955550123", customer, "BUSINESS_INITIATED"));
      // the run ends with the call (getResult would let the test server skip time up to
      // CallPermission's far-off run timeout, and end the grant with it)
      int closed = i;
      await().until(() -> calls.charges.size() == closed);
      calls.cloudCalls.clear();
    }
    await().until(() -> permissionState().status() == PermissionStatus.REVOKED);
    assertThat(permissionState().consecutiveUnanswered()).isEqualTo(4);

    CallRefusal refusal = refused(() -> connect("revoke-" + customer + "-5"), FailureTypes.PERMISSION_REQUIRED);
    assertThat(refusal.message()).contains("REVOKED");
  }

  @Test
  void aConnectedInboundCallResetsThePermissionRequestWindows() {
    CallPermissionWorkflow permission = permissionStub();
    WorkflowClient.start(permission::run, PermissionInput.fresh(PHONE, customer));
    permission.requestPermission(new PermissionRequest(null, null, null, "crm"));
    Refusals.refusal(() -> permission.requestPermission(new PermissionRequest(null, null, null, "crm")),
        FailureTypes.PERMISSION_REQUEST_THROTTLED);

    String wacid = "wacid.inbound-" + customer;
    InboundCallWorkflow call = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(wacid)).setTaskQueue(taskQueue).build());
    BatchRequest start = client.newSignalWithStartRequest();
    start.add(call::run, new InboundCallInput(wacid, PHONE, null));
    start.add(call::callEvent, CallWebhookEvent.connect(wacid, now(), "v=0 offer", customer, "5511955550123",
        "USER_INITIATED"));
    client.signalWithStart(start);
    await().until(() -> !calls.notified.isEmpty());
    assertThat(call.answer(new AnswerRequest("a-1", "v=0 answer")).gotCall()).isTrue();
    env.sleep(Duration.ofSeconds(20));
    // the call ends: CloseCall tells CallPermission it connected
    call.callEvent(CallWebhookEvent.terminate(wacid, now(), "COMPLETED", 20, now().minusSeconds(20), now(), null,
        null, customer, "5511955550123", "USER_INITIATED"));

    await().until(() -> permissionState().requestLog().isEmpty());
    assertThat(permission.requestPermission(new PermissionRequest(null, null, null, "crm")).messageId()).isNotNull();
  }

  // --- helpers

  private CallPermissionWorkflow permissionStub() {
    return client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, customer)).setTaskQueue(taskQueue).build());
  }

  private PermissionView permissionState() {
    return client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, customer)).state();
  }

  private OutboundConnectResult connect(String requestId) {
    OutboundCallWorkflow call = client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.outboundCall(requestId))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build());
    return WorkflowClient.executeUpdateWithStart(call::connectResult,
        UpdateOptions.<OutboundConnectResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(call::run,
            new OutboundCallInput(requestId, PHONE, customer, "a-1", "v=0 offer", Duration.ofSeconds(30))));
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  /** The fake outside world, with the two activities that talk to CallPermission done for real. */
  static class WiredActivities extends FakeCallActivities {
    volatile WorkflowClient client;
    volatile String taskQueue;

    @Override
    public void close(CloseCall command) {
      super.close(command);
      if (command.permission() != null) {
        notifyPermission(command.permission());
      }
    }

    private void notifyPermission(PermissionNotice notice) {
      CallPermissionWorkflow permission = client.newWorkflowStub(CallPermissionWorkflow.class,
          WorkflowOptions.newBuilder()
              .setWorkflowId(WorkflowIds.permission(notice.phoneNumberId(), notice.waId()))
              .setTaskQueue(taskQueue)
              .build());
      CallEvent event = new CallEvent(notice.wacid(), notice.at());
      BatchRequest request = client.newSignalWithStartRequest();
      request.add(permission::run, PermissionInput.fresh(notice.phoneNumberId(), notice.waId()));
      if (notice.kind() == PermissionNotice.Kind.CONNECTED) {
        request.add(permission::callConnected, event);
      } else {
        request.add(permission::callUnanswered, event);
      }
      client.signalWithStart(request);
    }

    @Override
    public OutboundCheck checkOutbound(String phoneNumberId, String to) {
      super.checkOutbound(phoneNumberId, to);
      PermissionView permission;
      try {
        permission = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(phoneNumberId, to))
            .state();
      } catch (WorkflowNotFoundException never) {
        return new OutboundCheck(true, true, "BR", "Brazil", null, false, PermissionStatus.NONE.name());
      }
      return new OutboundCheck(true, true, "BR", "Brazil", null, permission.callableAt(permission.asOf()),
          permission.status().name());
    }
  }

  /** CallPermission's own activities, reduced to what these scenarios need. */
  static class QuietPermissionActivities implements PermissionActivities {
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public String sendPermissionRequest(SendPermissionRequest request) {
      return "wamid.request-" + ids.incrementAndGet();
    }

    @Override
    public CloudPermission fetchCloudPermission(String phoneNumberId, String waId) {
      return new CloudPermission(PermissionStatus.NONE, null, true, null);
    }

    @Override
    public RecordedPermission loadPermissionRecord(String phoneNumberId, String waId) {
      return null;
    }

    @Override
    public PlacedRequest placePermissionRequest(PlaceRequest place) {
      CloudPermission meta = fetchCloudPermission(place.request().phoneNumberId(), place.request().waId());
      String messageId = sendPermissionRequest(place.request());
      recordPermission(place.pendingSent(messageId));
      return new PlacedRequest(null, meta, messageId, true);
    }

    @Override
    public void recordPermission(PermissionView snapshot) {
    }
  }
}
