package io.wacall.workflows.permission;

import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.wacall.workflows.common.TestSearchAttributes;
import io.temporal.worker.Worker;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.workflows.permission.PermissionActivities.CloudPermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every rule of Meta's call permission (docs/meta-cloud-api.md#call-permissions) on the
 * time-skipping test server: days pass in milliseconds of wall time.
 */
class CallPermissionWorkflowTest {
  static final String PHONE = "106540352242922";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  /** A fresh outside world per test (the extension is per test too). */
  final FakePermissionActivities activities = new FakePermissionActivities();
  static final AtomicInteger pairs = new AtomicInteger();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class)
      .setActivityImplementations(activities)
      .setInitialTime(START)
      .setDoNotStart(false)
      .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String waId;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.taskQueue = worker.getTaskQueue();
    this.client = client;
    this.waId = "5511955550" + String.format("%03d", pairs.incrementAndGet());
  }

  @Test
  void aFirstRequestIsSentAndThePermissionBecomesPending() {
    CallPermissionWorkflow permission = start(null);
    PermissionRequestResult result = permission.requestPermission(new PermissionRequest("Can we call you?", null, null, "agent-7"));

    assertThat(result.messageId()).startsWith("wamid.");
    assertThat(result.sentAt()).isCloseTo(now(), within(Duration.ofSeconds(1)));
    assertThat(result.expiresAt()).isEqualTo(result.sentAt().plus(Duration.ofDays(7)));
    assertThat(result.state().status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(activities.sent).singleElement().satisfies(s -> {
      assertThat(s.phoneNumberId()).isEqualTo(PHONE);
      assertThat(s.waId()).isEqualTo(waId);
      assertThat(s.bodyText()).isEqualTo("Can we call you?");
    });
    await().until(() -> activities.lastRecorded() != null
        && activities.lastRecorded().status() == PermissionStatus.PENDING);
  }

  @Test
  void updateWithStartSendsTheFirstRequestWithoutASeparateStep() {
    PermissionRequestResult result = requestWithStart(new PermissionRequest(null, "call_permission_v1", "en_US", "crm"));

    assertThat(result.state().status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(activities.sent).singleElement().satisfies(s -> {
      assertThat(s.templateName()).isEqualTo("call_permission_v1");
      assertThat(s.templateLanguage()).isEqualTo("en_US");
    });
  }

  @Test
  void aTemporaryGrantLapsesAtMetasExpirationTimestamp() {
    CallPermissionWorkflow permission = start(null);
    String request = permission.requestPermission(plain()).messageId();
    Instant metaExpiry = now().plus(Duration.ofDays(5));
    permission.permissionReply(accept("wamid.reply-1", now(), false, metaExpiry, request));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
    assertThat(permission.state().expiresAt()).isEqualTo(metaExpiry);

    env.sleep(Duration.ofDays(5).minusMinutes(1));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
    env.sleep(Duration.ofMinutes(2));
    assertThat(query().status()).isEqualTo(PermissionStatus.EXPIRED);
  }

  @Test
  void aTemporaryGrantWithoutExpiryLasts168HoursFromTheReply() {
    CallPermissionWorkflow permission = start(null);
    permission.requestPermission(plain());
    env.sleep(Duration.ofHours(3));
    Instant repliedAt = now();
    permission.permissionReply(accept("wamid.reply-2", repliedAt, false, null, null));
    assertThat(permission.state().expiresAt()).isEqualTo(repliedAt.plus(Duration.ofHours(168)));

    env.sleep(Duration.ofHours(167));
    assertThat(permission.state().callableAt(now())).isTrue();
    env.sleep(Duration.ofHours(2));
    assertThat(query().status()).isEqualTo(PermissionStatus.EXPIRED);
  }

  @Test
  void aRequestNobodyAnswersLapsesAfterSevenDaysAndTheWorkflowCompletes() {
    CallPermissionWorkflow permission = start(null);
    permission.requestPermission(plain());
    env.sleep(Duration.ofDays(7).minusMinutes(1));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.PENDING);

    PermissionView last = result();
    assertThat(last.status()).isEqualTo(PermissionStatus.EXPIRED);
    assertThat(last.pendingRequest()).isNull();
    assertThat(now()).isAfterOrEqualTo(START.plus(Duration.ofDays(7)));
    assertThat(activities.lastRecorded().status()).isEqualTo(PermissionStatus.EXPIRED);
  }

  @Test
  void aPermanentGrantNeverLapsesAndHistoryStaysBoundedOverAYearOfEvents() {
    CallPermissionWorkflow permission = start(80);
    permission.requestPermission(plain());
    String firstRun = client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, waId)).describe().getExecution().getRunId();
    permission.permissionReply(accept("wamid.reply-3", now(), true, null, null));
    CallPermissionWorkflow latest = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, waId));

    for (int day = 1; day <= 365; day += 3) {
      env.sleep(Duration.ofDays(3));
      latest.callConnected(new CallEvent("wacid.year-" + day, now()));
      if (day % 2 == 0) {
        latest.callUnanswered(new CallEvent("wacid.miss-" + day, now()));
      }
    }

    PermissionView state = latest.state();
    assertThat(state.status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(state.expiresAt()).isNull();
    assertThat(state.callableAt(now())).isTrue();
    String currentRun = client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, waId)).describe().getExecution().getRunId();
    assertThat(currentRun).isNotEqualTo(firstRun);
    assertThat(client.fetchHistory(WorkflowIds.permission(PHONE, waId)).getHistory().getEventsCount()).isLessThan(120);
    assertThat(state.audit()).hasSizeLessThanOrEqualTo(PermissionData.AUDIT_LIMIT);
  }

  @Test
  void aDeclinedRequestCanStillBeAcceptedUntilItLapses() {
    CallPermissionWorkflow permission = start(null);
    String request = permission.requestPermission(plain()).messageId();
    permission.permissionReply(new PermissionReply("wamid.no", now(), ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, request));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.DECLINED);
    assertThat(permission.state().pendingRequest()).isNotNull();

    env.sleep(Duration.ofDays(2));
    permission.permissionReply(accept("wamid.yes", now(), false, now().plus(Duration.ofDays(7)), request));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
  }

  @Test
  void aDeclinedRequestLapsesSevenDaysAfterItWasSent() {
    CallPermissionWorkflow permission = start(null);
    String request = permission.requestPermission(plain()).messageId();
    permission.permissionReply(new PermissionReply("wamid.no2", now(), ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, request));
    PermissionView last = result();
    assertThat(last.status()).isEqualTo(PermissionStatus.DECLINED);
    assertThat(last.pendingRequest()).isNull();
  }

  @Test
  void aDeclinedRequestLapsesSevenDaysAfterTheCustomersAnswerNotAfterTheSend() {
    CallPermissionWorkflow permission = start(null);
    String request = permission.requestPermission(plain()).messageId();
    Instant sentAt = now();
    env.sleep(Duration.ofDays(3));
    Instant declinedAt = now();
    permission.permissionReply(new PermissionReply("wamid.no3", declinedAt, ReplyResponse.REJECT, false, null,
        ReplySource.USER_ACTION, request));
    assertThat(permission.state().pendingRequest().expiresAt()).isEqualTo(declinedAt.plus(Duration.ofDays(7)));

    // past 7 days after the send, the declined request is still answerable
    env.sleep(Duration.ofDays(5));
    assertThat(now()).isAfter(sentAt.plus(Duration.ofDays(7)));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.DECLINED);
    assertThat(permission.state().pendingRequest()).isNotNull();

    PermissionView last = result();
    assertThat(last.status()).isEqualTo(PermissionStatus.DECLINED);
    assertThat(last.pendingRequest()).isNull();
    assertThat(now()).isAfterOrEqualTo(declinedAt.plus(Duration.ofDays(7)));
  }

  @Test
  void aRequestSentUnconfirmedStaysPending_isNeverSentAgain_andTheCustomersReplyConfirmsIt() {
    // Meta accepted the message, its answer was lost: the activity answers "sent, unconfirmed"
    activities.sendUnconfirmed = "Meta's answer was lost: connection reset";
    PermissionRequestResult result = requestWithStart(plain());

    assertThat(activities.sendAttempts).hasValue(1);
    assertThat(result.messageId()).isNull();
    assertThat(result.state().status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(result.state().pendingRequest().messageId()).isNull();
    assertThat(result.state().pendingRequest().expiresAt()).isEqualTo(result.sentAt().plus(Duration.ofDays(7)));
    assertThat(result.state().requestLog()).hasSize(1); // the slot stays counted: Meta may have counted it
    assertThat(result.state().audit()).anySatisfy(a -> assertThat(a.event()).isEqualTo("request sent, unconfirmed"));
    await().until(() -> activities.lastRecorded() != null
        && activities.lastRecorded().status() == PermissionStatus.PENDING);

    // a second request is not sent blindly either
    CallPermissionWorkflow permission = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, waId));
    refusal(() -> permission.requestPermission(plain()), FailureTypes.PERMISSION_REQUEST_THROTTLED);
    assertThat(activities.sendAttempts).hasValue(1);

    // the customer's reply names the request: it did reach Meta, and it is answered
    permission.permissionReply(accept("wamid.yes-unconfirmed", now(), true, null, "wamid.lost-answer"));
    PermissionView state = permission.state();
    assertThat(state.status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(state.audit()).anySatisfy(a -> assertThat(a.event()).isEqualTo("request confirmed"));
    assertThat(activities.sendAttempts).hasValue(1);
  }

  @Test
  void aStatusOfTheMessageConfirmsARequestSentUnconfirmed_andAnOlderOneDoesNot() {
    activities.sendUnconfirmed = "Meta's answer was lost: read timeout";
    PermissionRequestResult result = requestWithStart(plain());
    CallPermissionWorkflow permission = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, waId));

    // a status from before the request is of another message
    permission.requestStatus(new RequestDeliveryStatus("wamid.older", RequestDeliveryStatus.DeliveryStatus.READ,
        result.sentAt().minus(Duration.ofMinutes(5)), null));
    assertThat(permission.state().pendingRequest().messageId()).isNull();

    permission.requestStatus(new RequestDeliveryStatus("wamid.lost-2", RequestDeliveryStatus.DeliveryStatus.DELIVERED, now(), null));
    assertThat(permission.state().pendingRequest().messageId()).isEqualTo("wamid.lost-2");
    assertThat(permission.state().pendingRequest().deliveryStatus()).isEqualTo(RequestDeliveryStatus.DeliveryStatus.DELIVERED);
    // once confirmed, the read model gets the request's row (its message id is the key)
    await().until(() -> activities.lastRecorded() != null && activities.lastRecorded().pendingRequest() != null
        && "wamid.lost-2".equals(activities.lastRecorded().pendingRequest().messageId()));
  }

  @Test
  void aRequestSentUnconfirmedWhenMetaShowsAGrantAfterTheSend_adoptsTheGrant() {
    activities.sendUnconfirmed = "Meta's answer was lost: read timeout";
    activities.cloudAfterUnconfirmedSend = new PermissionActivities.CloudPermission(PermissionStatus.PERMANENT, null, false, null);
    PermissionRequestResult result = requestWithStart(plain());

    assertThat(result.messageId()).isNull();
    assertThat(result.state().status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(activities.sendAttempts).hasValue(1);
  }

  @Test
  void whatsAppsAutomaticRevokeEndsTheGrant() {
    CallPermissionWorkflow permission = grantedTemporary();
    permission.permissionReply(new PermissionReply("wamid.auto", now(), ReplyResponse.REJECT, false, null, ReplySource.AUTOMATIC, null));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.REVOKED);
    assertThat(permission.state().callableAt(now())).isFalse();
  }

  @Test
  void theCustomerCanRevokeAPermanentGrantFromTheBusinessProfile() {
    CallPermissionWorkflow permission = start(null);
    permission.permissionReply(accept("wamid.profile-yes", now(), true, null, null));
    env.sleep(Duration.ofDays(40));
    permission.permissionReply(new PermissionReply("wamid.profile-no", now(), ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, null));
    PermissionView last = result();
    assertThat(last.status()).isEqualTo(PermissionStatus.REVOKED);
  }

  @Test
  void aRequestWhileAGrantIsActiveIsRefusedByTheValidatorAndLeavesNoTraceInHistory() {
    CallPermissionWorkflow permission = grantedTemporary();
    int sentBefore = activities.sent.size();
    assertThatThrownBy(() -> permission.requestPermission(plain()))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureTypes.PERMISSION_GRANT_ACTIVE));
    assertThat(activities.sent).hasSize(sentBefore);
    List<HistoryEvent> events = client.fetchHistory(WorkflowIds.permission(PHONE, waId)).getEvents();
    long accepted = events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).count();
    assertThat(accepted).isEqualTo(1); // the first, granted request only
  }

  @Test
  void atMostOneRequestIn24HoursAndTheRefusalNamesWhenTheNextIsAllowed() {
    CallPermissionWorkflow permission = start(null);
    Instant first = permission.requestPermission(plain()).sentAt();
    env.sleep(Duration.ofHours(23));

    Refused refused = refusal(() -> permission.requestPermission(plain()), FailureTypes.PERMISSION_REQUEST_THROTTLED);
    assertThat(refused.nextAllowedAt()).isEqualTo(first.plus(Duration.ofHours(24)));

    env.sleep(Duration.ofHours(1));
    assertThat(permission.requestPermission(plain()).messageId()).isNotNull();
    assertThat(activities.sent).hasSize(2);
  }

  @Test
  void atMostTwoRequestsInAnyRollingSevenDays() {
    CallPermissionWorkflow permission = start(null);
    Instant first = permission.requestPermission(plain()).sentAt();
    env.sleep(Duration.ofDays(2));
    permission.requestPermission(plain());
    env.sleep(Duration.ofDays(2));

    Refused refused = refusal(() -> permission.requestPermission(plain()), FailureTypes.PERMISSION_REQUEST_THROTTLED);
    assertThat(refused.nextAllowedAt()).isEqualTo(first.plus(Duration.ofDays(7)));
    assertThat(refused.state().requestLog()).hasSize(2);

    env.sleep(Duration.between(now(), first.plus(Duration.ofDays(7))));
    assertThat(permission.requestPermission(plain()).messageId()).isNotNull();
  }

  @Test
  void aConnectedCallResetsTheRequestWindows() {
    CallPermissionWorkflow permission = start(null);
    permission.requestPermission(plain());
    refusal(() -> permission.requestPermission(plain()), FailureTypes.PERMISSION_REQUEST_THROTTLED);

    permission.callConnected(new CallEvent("wacid.inbound-1", now()));
    assertThat(permission.state().requestLog()).isEmpty();
    assertThat(permission.requestPermission(plain()).messageId()).isNotNull();
  }

  @Test
  void twoUnansweredCallsRecordTheReminderAndFourRevoke() {
    CallPermissionWorkflow permission = grantedTemporary();
    permission.callUnanswered(new CallEvent("wacid.u1", now()));
    assertThat(permission.state().reminderShownAt()).isNull();
    permission.callUnanswered(new CallEvent("wacid.u2", now()));
    assertThat(permission.state().reminderShownAt()).isCloseTo(now(), within(Duration.ofSeconds(1)));
    permission.callUnanswered(new CallEvent("wacid.u3", now()));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
    permission.callUnanswered(new CallEvent("wacid.u4", now()));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.REVOKED);
    assertThat(permission.state().consecutiveUnanswered()).isEqualTo(4);
  }

  @Test
  void aConnectedCallResetsTheUnansweredCount() {
    CallPermissionWorkflow permission = grantedTemporary();
    for (int i = 1; i <= 3; i++) {
      permission.callUnanswered(new CallEvent("wacid.a" + i, now()));
    }
    permission.callConnected(new CallEvent("wacid.ok", now()));
    for (int i = 1; i <= 3; i++) {
      permission.callUnanswered(new CallEvent("wacid.b" + i, now()));
    }
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
    assertThat(permission.state().consecutiveUnanswered()).isEqualTo(3);
  }

  @Test
  void duplicateSignalsChangeNothing() {
    CallPermissionWorkflow permission = grantedTemporary();
    long version = permission.state().version();
    permission.permissionReply(accept("wamid.grant", now(), false, null, null)); // the grant's own reply, again
    assertThat(permission.state().version()).isEqualTo(version);

    CallEvent missed = new CallEvent("wacid.dup", now());
    for (int i = 0; i < 4; i++) {
      permission.callUnanswered(missed);
    }
    assertThat(permission.state().consecutiveUnanswered()).isEqualTo(1);
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
  }

  @Test
  void aReplyOlderThanTheLastOneIsStaleAndIgnored() {
    CallPermissionWorkflow permission = start(null);
    String request = permission.requestPermission(plain()).messageId();
    Instant early = now();
    env.sleep(Duration.ofMinutes(10));
    permission.permissionReply(accept("wamid.late-accept", now(), true, null, request));
    permission.permissionReply(new PermissionReply("wamid.early-reject", early, ReplyResponse.REJECT, false, null, ReplySource.USER_ACTION, request));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(permission.state().audit()).anyMatch(a -> a.event().equals("stale reply ignored"));
  }

  @Test
  void whenMetaSaysAPermanentGrantExistsItIsAdoptedAndTheRequestRefused() {
    CallPermissionWorkflow permission = start(null);
    activities.sendFailure = () -> ApplicationFailure.newNonRetryableFailure("(#138017) permanent permission exists",
        FailureTypes.CLOUD_API_ALREADY_GRANTED, new CloudApiErrorDetails("ALREADY_GRANTED", 400, 138017, null, null, false, "trace"));
    refusal(() -> permission.requestPermission(plain()), FailureTypes.PERMISSION_GRANT_ACTIVE);
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(permission.state().requestLog()).isEmpty();
  }

  @Test
  void whenMetasCallPermissionsShowsAGrantItIsAdoptedWithoutSending() {
    CallPermissionWorkflow permission = start(null);
    Instant metaExpiry = now().plus(Duration.ofDays(3));
    activities.cloud = new CloudPermission(PermissionStatus.TEMPORARY, metaExpiry, false, null);
    refusal(() -> permission.requestPermission(plain()), FailureTypes.PERMISSION_GRANT_ACTIVE);
    assertThat(activities.sent).isEmpty();
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
    assertThat(permission.state().expiresAt()).isEqualTo(metaExpiry);
  }

  @Test
  void whenMetaThrottlesTheSlotIsGivenBackAndTheRefusalCarriesMetasInstant() {
    CallPermissionWorkflow permission = start(null);
    Instant metaRetry = now().plus(Duration.ofHours(30));
    activities.sendFailure = () -> ApplicationFailure.newNonRetryableFailure("(#138009) limit",
        FailureTypes.CLOUD_API_THROTTLED, new CloudApiErrorDetails("THROTTLED", 400, 138009, null, metaRetry, false, "trace"));
    Refused refused = refusal(() -> permission.requestPermission(plain()), FailureTypes.PERMISSION_REQUEST_THROTTLED);
    assertThat(refused.nextAllowedAt()).isEqualTo(metaRetry);
    assertThat(permission.state().requestLog()).isEmpty();
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.NONE);
  }

  @Test
  void aRecipientMetaCannotReachFailsTheRequestWithItsTypeAndCountsNothing() {
    CallPermissionWorkflow permission = start(null);
    activities.sendFailure = () -> ApplicationFailure.newNonRetryableFailure("(#131026) app too old",
        FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED);
    refusal(() -> permission.requestPermission(plain()), FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED);
    assertThat(permission.state().requestLog()).isEmpty();
    // nothing was left to remember, so that run completed; the next request starts a new one
    activities.sendFailure = null;
    assertThat(requestWithStart(plain()).state().status()).isEqualTo(PermissionStatus.PENDING);
  }

  @Test
  void whenMetasLookupFailsTheLocalRulesStillDecide() {
    CallPermissionWorkflow permission = start(null);
    activities.cloudUnavailable = true;
    assertThat(permission.requestPermission(plain()).state().status()).isEqualTo(PermissionStatus.PENDING);
  }

  @Test
  void aFailedDeliveryRestoresTheStatusBeforeTheRequest() {
    CallPermissionWorkflow permission = start(null);
    String request = permission.requestPermission(plain()).messageId();
    permission.requestStatus(new RequestDeliveryStatus(request, RequestDeliveryStatus.DeliveryStatus.DELIVERED, now(), null));
    assertThat(permission.state().pendingRequest().deliveryStatus()).isEqualTo(RequestDeliveryStatus.DeliveryStatus.DELIVERED);
    permission.requestStatus(new RequestDeliveryStatus(request, RequestDeliveryStatus.DeliveryStatus.FAILED, now(), "131026"));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.NONE);
    assertThat(permission.state().pendingRequest()).isNull();
  }

  @Test
  void theReadModelReceivesTheLatestVersion() {
    CallPermissionWorkflow permission = grantedTemporary();
    long version = permission.state().version();
    await().until(() -> activities.lastRecorded() != null && activities.lastRecorded().version() == version);
    assertThat(activities.lastRecorded().status()).isEqualTo(PermissionStatus.TEMPORARY);
  }

  @Test
  void aPairWithNothingToRememberCompletesRightAway() {
    CallPermissionWorkflow plain = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, waId))
        .setTaskQueue(taskQueue())
        .build());
    WorkflowClient.start(plain::run, PermissionInput.fresh(PHONE, waId));
    PermissionView last = WorkflowStub.fromTyped(plain).getResult(PermissionView.class);
    assertThat(last.status()).isEqualTo(PermissionStatus.NONE);
    assertThat(client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, waId)).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void thePermissionShowsItsNumberAndStatusAsSearchAttributesAndNoCustomerNumber() {
    grantedTemporary();
    await().untilAsserted(() -> {
      io.temporal.common.SearchAttributes attributes =
          client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, waId)).describe().getTypedSearchAttributes();
      assertThat(attributes.get(WacallSearchAttributes.PHONE_NUMBER_ID)).isEqualTo(PHONE);
      assertThat(attributes.get(WacallSearchAttributes.PERMISSION_STATUS)).isEqualTo("TEMPORARY");
      assertThat(attributes.toString()).doesNotContain(waId);
    });
    String details = client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, waId))
        .query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class).getCurrentDetails();
    assertThat(details).startsWith("TEMPORARY until").doesNotContain(waId);
  }

  // --- helpers

  /**
   * The pair's workflow as the API and the webhook adapter reach it: the first update or signal
   * starts the run with it (update-with-start, signal-with-start), as they do. Starting the run
   * plainly and then updating it raced: a fresh run with nothing to remember completes after its
   * seed, and an update that came later found no run.
   */
  private CallPermissionWorkflow start(Integer maxHistoryEvents) {
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, waId))
        .setTaskQueue(taskQueue())
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build();
    Object[] startArgs = {new PermissionInput(PHONE, waId, null, maxHistoryEvents)};
    CallPermissionWorkflow running = client.newWorkflowStub(CallPermissionWorkflow.class, options.getWorkflowId());
    AtomicBoolean started = new AtomicBoolean();
    return (CallPermissionWorkflow) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {CallPermissionWorkflow.class}, (proxy, method, args) -> {
          try {
            boolean update = method.isAnnotationPresent(UpdateMethod.class);
            boolean signal = method.isAnnotationPresent(SignalMethod.class);
            if ((update || signal) && !started.getAndSet(true)) {
              WorkflowStub first = WorkflowStub.fromTyped(client.newWorkflowStub(CallPermissionWorkflow.class, options));
              if (signal) {
                first.signalWithStart(method.getName(), args, startArgs);
                return null;
              }
              return first.executeUpdateWithStart(UpdateOptions.newBuilder(method.getReturnType())
                  .setUpdateName(method.getName())
                  .setWaitForStage(WorkflowUpdateStage.COMPLETED).build(), args, startArgs);
            }
            return method.invoke(running, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** What the API does: update-with-start, so a pair needs no separate start. */
  private PermissionRequestResult requestWithStart(PermissionRequest request) {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, waId))
        .setTaskQueue(taskQueue())
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .build());
    return WorkflowClient.executeUpdateWithStart(stub::requestPermission, request,
        UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(stub::run, PermissionInput.fresh(PHONE, waId)));
  }

  /** What the pair's run (the last, after any continue-as-new) ended with. */
  private PermissionView result() {
    return client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, waId)).getResult(PermissionView.class);
  }

  private CallPermissionWorkflow grantedTemporary() {
    CallPermissionWorkflow permission = start(null);
    String request = permission.requestPermission(plain()).messageId();
    permission.permissionReply(accept("wamid.grant", now(), false, now().plus(Duration.ofDays(7)), request));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
    return permission;
  }

  private PermissionView query() {
    return client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, waId)).state();
  }

  private String taskQueue() {
    return taskQueue;
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private static PermissionRequest plain() {
    return new PermissionRequest(null, null, null, "test");
  }

  private static PermissionReply accept(String id, Instant at, boolean permanent, Instant expiresAt, String context) {
    return new PermissionReply(id, at, ReplyResponse.ACCEPT, permanent, expiresAt, ReplySource.USER_ACTION, context);
  }

  private static Refused refusal(Runnable call, String expectedType) {
    try {
      call.run();
    } catch (WorkflowUpdateException e) {
      assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) e.getCause();
      assertThat(failure.getType()).isEqualTo(expectedType);
      return failure.getDetails().getSize() > 0 && !expectedType.startsWith("CloudApi")
          ? failure.getDetails().get(0, Refused.class) : null;
    }
    throw new AssertionError("expected a refusal of type " + expectedType);
  }
}
