package io.wacall.workflows.call;

import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.failure.CallRefusal;
import static io.wacall.workflows.call.FakeCallActivities.cloudFailure;
import static io.wacall.workflows.call.FakeCallActivities.readTimeout;
import static io.wacall.workflows.call.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.wacall.workflows.common.TestSearchAttributes;
import io.temporal.worker.Worker;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WorkflowIds;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Business-initiated calls on the time-skipping test server: the checks, Meta's refusals, the
 * connect that must never be repeated blindly, the statuses, the ring timeout and the outcomes
 * CallPermission hears about. The API's entry point, update-with-start of connectResult, is used
 * throughout.
 */
class OutboundCallWorkflowTest {
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";
  static final String OFFER = "v=0 agent-offer";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final AtomicInteger requests = new AtomicInteger();

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(OutboundCallWorkflowImpl.class)
      .setDoNotStart(true)
      .setInitialTime(START)
      .build();

  /** A fresh outside world per test. */
  private FakeCallActivities activities;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private String requestId;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    this.requestId = "req-" + requests.incrementAndGet();
    activities = new FakeCallActivities();
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  @Test
  void eachFailedCheckRefusesTheCallWithItsCodeBeforeAnyCloudApiCall() {
    record Case(OutboundCheck check, String type, String code) {}
    for (Case c : new Case[] {
        new Case(new OutboundCheck(false, true, "BR", "Brazil", null, true, "TEMPORARY"),
            FailureTypes.CALLING_NOT_AVAILABLE, "CALLING_NOT_AVAILABLE"),
        new Case(new OutboundCheck(true, false, "KP", null, "no market for KP", true, "TEMPORARY"),
            FailureTypes.DESTINATION_NOT_CALLABLE, "DESTINATION_NOT_CALLABLE"),
        new Case(new OutboundCheck(true, true, "BR", "Brazil", null, false, "EXPIRED"),
            FailureTypes.PERMISSION_REQUIRED, "PERMISSION_REQUIRED")}) {
      requestId = "req-" + requests.incrementAndGet();
      activities.check = c.check();

      CallRefusal refusal = refused(this::connectWithStart, c.type());
      assertThat(refusal.code()).isEqualTo(c.code());
      assertThat(refusal.call().status()).isEqualTo(CallStatus.REFUSED);
      CallView last = result();
      assertThat(last.status()).isEqualTo(CallStatus.REFUSED);
      assertThat(last.failureReason()).isEqualTo(c.code());
    }
    assertThat(activities.connects).hasValue(0);
    assertThat(activities.cloudCalls).isEmpty();
    assertThat(activities.charges).isEmpty();
    assertThat(activities.permission).isEmpty();
  }

  @Test
  void metas138006FromConnectMeansPermissionRequired() {
    activities.connectWill(() -> cloudFailure(FailureTypes.CLOUD_API_NO_PERMISSION, 401, 138006, null, false));
    CallRefusal refusal = refused(this::connectWithStart, FailureTypes.PERMISSION_REQUIRED);
    assertThat(refusal.code()).isEqualTo("PERMISSION_REQUIRED");
    assertThat(refusal.graphCode()).isEqualTo(138006);
    assertThat(result().status()).isEqualTo(CallStatus.REFUSED);
    assertThat(activities.connects).hasValue(1);
  }

  @Test
  void aRateLimitFromConnectIsRateLimitedWithMetasRetryAt() {
    Instant retryAt = START.plus(Duration.ofHours(3));
    activities.connectWill(() -> cloudFailure(FailureTypes.CLOUD_API_THROTTLED, 400, 138012, retryAt, false));
    CallRefusal refusal = refused(this::connectWithStart, FailureTypes.RATE_LIMITED);
    assertThat(refusal.code()).isEqualTo("RATE_LIMITED");
    assertThat(refusal.retryAt()).isEqualTo(retryAt);
    assertThat(refusal.graphCode()).isEqualTo(138012);
    assertThat(activities.connects).hasValue(1);
  }

  @Test
  void anAmbiguousConnectIsNeverRepeated_andEndsFailedWithoutChargeWhenNoWebhookComes() {
    activities.connectWill(FakeCallActivities::readTimeout);
    OutboundConnectResult placed = connectWithStart();
    assertThat(placed.wacid()).isNull();
    assertThat(placed.status()).isEqualTo(CallStatus.INITIATING);

    CallView last = result();
    assertThat(last.outcome()).isEqualTo(CallOutcome.FAILED);
    assertThat(last.failureReason()).isEqualTo("CONNECT_UNCONFIRMED");
    assertThat(activities.connects).hasValue(1);
    assertThat(activities.cloudCalls).isEmpty();
    assertThat(activities.charges).isEmpty();
    assertThat(activities.permission).isEmpty();
    assertThat(activities.conversation).isEmpty();
  }

  @Test
  void anAmbiguousConnectProceedsWhenWebhooksCarryingItsIdArrive() {
    activities.connectWill(FakeCallActivities::readTimeout);
    OutboundCallWorkflow call = stub();
    connectWithStart();
    String wacid = "wacid.learned-from-webhooks";
    env.sleep(Duration.ofSeconds(3));
    call.callEvent(CallWebhookEvent.status(wacid, now(), "RINGING"));
    await().until(() -> call.state().status() == CallStatus.RINGING);
    assertThat(call.state().wacid()).isEqualTo(wacid);

    call.callEvent(CallWebhookEvent.status(wacid, now(), "ACCEPTED"));
    await().until(() -> call.state().status() == CallStatus.CONNECTED);
    env.sleep(Duration.ofSeconds(30));
    call.callEvent(terminate(wacid, now(), 30));

    CallView last = result();
    assertThat(last.outcome()).isEqualTo(CallOutcome.COMPLETED);
    assertThat(activities.connects).hasValue(1);
    assertThat(activities.charges).singleElement().satisfies(c -> {
      assertThat(c.callId()).isEqualTo(WorkflowIds.outboundCall(requestId));
      assertThat(c.connectedSeconds()).isEqualTo(30);
    });
  }

  @Test
  void webhooksThatOvertakeAnAmbiguousConnectAreKeptAndConfirmTheCall() throws Exception {
    CountDownLatch webhooksSent = new CountDownLatch(1);
    activities.connectWill(() -> {
      try {
        webhooksSent.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return readTimeout();
    });
    OutboundCallWorkflow call = stub();
    CompletableFuture<OutboundConnectResult> placing = CompletableFuture.supplyAsync(this::connectWithStart);
    await().until(() -> activities.connects.get() == 1);
    String wacid = "wacid.overtaking";
    call.callEvent(CallWebhookEvent.connect(wacid, now(), "v=0 meta-answer", "5511955550123", CUSTOMER,
        "BUSINESS_INITIATED"));
    webhooksSent.countDown();

    OutboundConnectResult placed = placing.get(10, TimeUnit.SECONDS);
    assertThat(placed.wacid()).isEqualTo(wacid);
    await().until(() -> call.state().status() == CallStatus.RINGING);
    assertThat(call.state().sdpAnswer()).isEqualTo("v=0 meta-answer");
    assertThat(activities.connects).hasValue(1);
  }

  @Test
  void aConnectThatSurelyNeverReachedMetaIsTriedAgain() {
    activities.connectWill(() -> cloudFailure(FailureTypes.CLOUD_API_TRANSIENT, 0, null, null, false));
    OutboundConnectResult placed = connectWithStart();
    assertThat(placed.status()).isEqualTo(CallStatus.RINGING);
    assertThat(placed.wacid()).isNotNull();
    assertThat(activities.connects).hasValue(2);
  }

  @Test
  void anAnsweredCall_handsMetasSdpAnswerToTheAgent_tellsPermissionConnected_andIsChargedMetasDuration() {
    OutboundCallWorkflow call = stub();
    OutboundConnectResult placed = connectWithStart();
    String wacid = placed.wacid();
    assertThat(placed.id()).isEqualTo(WorkflowIds.outboundCall(requestId));
    assertThat(placed.status()).isEqualTo(CallStatus.RINGING);
    assertThat(activities.cloudCalls).containsExactly(
        "connect " + CUSTOMER + " " + OFFER + " " + WorkflowIds.outboundCall(requestId));

    call.callEvent(CallWebhookEvent.connect(wacid, now(), "v=0 meta-answer", "5511955550123", CUSTOMER,
        "BUSINESS_INITIATED"));
    call.callEvent(CallWebhookEvent.status(wacid, now(), "RINGING"));
    assertThat(call.state().sdpAnswer()).isEqualTo("v=0 meta-answer");
    env.sleep(Duration.ofSeconds(5));
    call.callEvent(CallWebhookEvent.status(wacid, now(), "ACCEPTED"));
    await().until(() -> call.state().status() == CallStatus.CONNECTED);
    // saved as connected (a local activity), for the API's lists
    await().until(() -> activities.lastRecorded().status() == CallStatus.CONNECTED);

    env.sleep(Duration.ofSeconds(60)); // longer than the ring timeout: a connected call is not cut
    refused(() -> call.hangUp(new HangUpRequest("a-9")), FailureTypes.NOT_IN_CALL);
    call.hangUp(new HangUpRequest("a-1"));
    assertThat(activities.cloudActions()).containsExactly("connect", "terminate");
    call.callEvent(terminate(wacid, now(), 61));

    CallView last = result();
    assertThat(activities.permission).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(PermissionNotice.Kind.CONNECTED);
      assertThat(p.waId()).isEqualTo(CUSTOMER);
    });
    assertThat(last.wrapUpEndsAt()).isNotNull();
    assertThat(last.outcome()).isEqualTo(CallOutcome.COMPLETED);
    assertThat(last.durationSeconds()).isEqualTo(61);
    assertThat(last.agentId()).isEqualTo("a-1");
    assertThat(activities.charges).singleElement().satisfies(c -> {
      assertThat(c.direction()).isEqualTo(CallDirection.BUSINESS_INITIATED);
      assertThat(c.customerNumber()).isEqualTo(CUSTOMER);
      assertThat(c.connectedSeconds()).isEqualTo(61);
      assertThat(c.connectedAt()).isNotNull();
    });
  }

  @Test
  void aRejectedCallEndsRejectedAndCountsAsUnanswered() {
    OutboundCallWorkflow call = stub();
    String wacid = connectWithStart().wacid();
    call.callEvent(CallWebhookEvent.status(wacid, now(), "RINGING"));
    call.callEvent(CallWebhookEvent.status(wacid, now(), "REJECTED"));
    call.callEvent(CallWebhookEvent.status(wacid, now(), "ACCEPTED")); // contradicts REJECTED: stale
    call.callEvent(terminate(wacid, now(), null));

    CallView last = result();
    assertThat(last.outcome()).isEqualTo(CallOutcome.REJECTED);
    assertThat(activities.cloudActions()).containsExactly("connect");
    assertThat(activities.permission).singleElement()
        .satisfies(p -> assertThat(p.kind()).isEqualTo(PermissionNotice.Kind.UNANSWERED));
    assertThat(activities.charges).singleElement().satisfies(c -> assertThat(c.connectedSeconds()).isZero());
    assertThat(last.timeline()).anyMatch(t -> t.event().equals("stale status ignored"));
  }

  @Test
  void aCallNobodyPicksUpIsTerminatedAfterTheRingTimeoutAndCountsAsUnanswered() {
    OutboundCallWorkflow call = stub();
    String wacid = connectWithStart().wacid();
    call.callEvent(CallWebhookEvent.status(wacid, now(), "RINGING"));
    env.sleep(Duration.ofSeconds(25));
    assertThat(activities.cloudActions()).containsExactly("connect");
    env.sleep(Duration.ofSeconds(6));
    await().until(() -> activities.cloudActions().contains("terminate"));
    call.callEvent(terminate(wacid, now(), null));

    CallView last = result();
    assertThat(last.outcome()).isEqualTo(CallOutcome.NOT_ANSWERED);
    assertThat(activities.permission).singleElement()
        .satisfies(p -> assertThat(p.kind()).isEqualTo(PermissionNotice.Kind.UNANSWERED));
    assertThat(activities.charges).singleElement().satisfies(c -> assertThat(c.connectedSeconds()).isZero());
  }

  @Test
  void theSameRequestIdTwiceStartsOneCall() {
    OutboundConnectResult first = connectWithStart();
    OutboundConnectResult second = connectWithStart();
    assertThat(second).isEqualTo(first);
    assertThat(activities.connects).hasValue(1);
    assertThat(activities.checks).hasValue(1);
  }

  @Test
  void aHangUpWhileRingingCancelsTheCall_andDoesNotCountAsUnanswered() {
    OutboundCallWorkflow call = stub();
    String wacid = connectWithStart().wacid();
    call.hangUp(new HangUpRequest("a-1"));
    assertThat(activities.cloudActions()).containsExactly("connect", "terminate");
    call.callEvent(terminate(wacid, now(), null));
    assertThat(result().outcome()).isEqualTo(CallOutcome.CANCELED);
    // only the customer not answering or rejecting counts toward Meta's 2/4 rule
    assertThat(activities.permission).isEmpty();
    assertThat(activities.charges).singleElement().satisfies(c -> assertThat(c.connectedSeconds()).isZero());
  }

  @Test
  void aRequestRepeatedAfterTheRunClosed_isAnsweredFromItsResult_whenTheApiRejectsDuplicateIds() {
    activities.check = new OutboundCheck(true, true, "BR", "Brazil", null, false, "NONE");
    refused(this::connectWithStart, FailureTypes.PERMISSION_REQUIRED);
    result();

    // the API starts with WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE: no second run, no second check
    assertThatThrownBy(() -> connectWithStart(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE))
        .isInstanceOf(WorkflowServiceException.class)
        .rootCause().isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    assertThat(activities.checks).hasValue(1);
    // ... and answers from the closed run's result
    CallView closed = result();
    assertThat(closed.status()).isEqualTo(CallStatus.REFUSED);
    assertThat(closed.failureReason()).isEqualTo("PERMISSION_REQUIRED");
  }

  // --- helpers

  private OutboundConnectResult connectWithStart() {
    return connectWithStart(null);
  }

  private OutboundConnectResult connectWithStart(WorkflowIdReusePolicy reuse) {
    WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.outboundCall(requestId))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
    if (reuse != null) {
      options.setWorkflowIdReusePolicy(reuse);
    }
    OutboundCallWorkflow call = client.newWorkflowStub(OutboundCallWorkflow.class, options.build());
    return WorkflowClient.executeUpdateWithStart(call::connectResult,
        UpdateOptions.<OutboundConnectResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(call::run,
            new OutboundCallInput(requestId, PHONE, CUSTOMER, "a-1", OFFER, Duration.ofSeconds(30))));
  }

  private OutboundCallWorkflow stub() {
    return client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowIds.outboundCall(requestId));
  }

  private CallView result() {
    return client.newUntypedWorkflowStub(WorkflowIds.outboundCall(requestId)).getResult(CallView.class);
  }

  private static CallWebhookEvent terminate(String wacid, Instant at, Integer duration) {
    return CallWebhookEvent.terminate(wacid, at, "COMPLETED", duration,
        duration == null ? null : at.minusSeconds(duration), duration == null ? null : at, null, null,
        "5511955550123", CUSTOMER, "BUSINESS_INITIATED");
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
