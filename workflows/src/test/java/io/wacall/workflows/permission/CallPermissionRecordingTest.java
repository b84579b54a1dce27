package io.wacall.workflows.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.signal.RequestDeliveryStatus.DeliveryStatus;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.common.TestSearchAttributes;
import io.wacall.workflows.permission.PermissionActivities.CloudPermission;
import io.wacall.workflows.permission.PermissionActivities.RecordedPermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a run since the action budget ({@link CallPermissionRunInBudget}) records, and when: the
 * search attributes a request's start brings, the upserts and read-model writes a run still makes,
 * the ones it leaves out, and a request's one activity. The rules themselves are in
 * {@link CallPermissionWorkflowTest}; the cost of the scenario in
 * {@link ActionBudgetPermissionTest}.
 */
class CallPermissionRecordingTest {
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987653301";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  /** A fresh outside world per test (the extension is per test too). */
  final FakePermissionActivities activities = new FakePermissionActivities();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class)
      .setActivityImplementations(activities)
      .setInitialTime(START)
      .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
  }

  @Test
  void aRequestThatStartsTheRun_isOneActivityThatAlsoWritesThePendingRequest_andUpsertsNothing() {
    activities.readModel.put(PHONE + ":" + CUSTOMER, new RecordedPermission(PermissionStatus.DECLINED,
        START.minus(Duration.ofDays(20))));

    PermissionRequestResult sent = requestWithStart();

    assertThat(sent.state().status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(sent.state().pendingRequest().statusBefore()).as("seeded by the request's activity")
        .isEqualTo(PermissionStatus.DECLINED);
    assertThat(activities.sent).hasSize(1);
    assertThat(activities.recorded).singleElement().satisfies(row -> {
      assertThat(row.status()).isEqualTo(PermissionStatus.PENDING);
      assertThat(row.pendingRequest().messageId()).isEqualTo(sent.messageId());
    });
    List<HistoryEvent> events = history();
    assertThat(events).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .containsExactly("PlacePermissionRequest");
    assertThat(events).noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
        && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"));
    assertThat(events).noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
    SearchAttributes attributes = attributes();
    assertThat(attributes.get(WacallSearchAttributes.PHONE_NUMBER_ID)).isEqualTo(PHONE);
    assertThat(attributes.get(WacallSearchAttributes.PERMISSION_STATUS)).isEqualTo("PENDING");
  }

  @Test
  void whenTheRequestsActivityCouldNotWriteThePendingRequest_theRunWritesIt() {
    activities.pendingWriteFails = true;

    PermissionRequestResult sent = requestWithStart();

    await().until(() -> activities.lastRecorded() != null);
    assertThat(activities.lastRecorded().status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(activities.lastRecorded().pendingRequest().messageId()).isEqualTo(sent.messageId());
    assertThat(activities.sent).hasSize(1);
  }

  @Test
  void aRequestThatMetaRefuses_correctsTheStatusTheStartBrought() {
    activities.cloud = new CloudPermission(PermissionStatus.PERMANENT, null, false, null);

    try {
      requestWithStart();
    } catch (WorkflowUpdateException refused) {
      // PermissionGrantActive: Meta has a grant on record, which the run adopts
    }

    await().untilAsserted(() -> assertThat(attributes().get(WacallSearchAttributes.PERMISSION_STATUS))
        .isEqualTo("PERMANENT"));
    assertThat(activities.sent).isEmpty();
    await().until(() -> activities.lastRecorded() != null
        && activities.lastRecorded().status() == PermissionStatus.PERMANENT);
  }

  @Test
  void deliveryStatusesAndAConnectedCall_writeNoRow_aReplyDoes() {
    PermissionRequestResult sent = requestWithStart();
    await().until(() -> activities.recorded.size() == 1);
    CallPermissionWorkflow running = running();

    running.requestStatus(new RequestDeliveryStatus(sent.messageId(), DeliveryStatus.DELIVERED, now(), null));
    running.requestStatus(new RequestDeliveryStatus(sent.messageId(), DeliveryStatus.READ, now(), null));
    running.callConnected(new CallEvent("wacid.rec-1", now()));
    await().until(() -> running.state().requestLog().isEmpty());
    assertThat(running.state().pendingRequest().deliveryStatus()).isEqualTo(DeliveryStatus.READ);
    assertThat(activities.recorded).hasSize(1);

    running.permissionReply(new PermissionReply("wamid.rec-yes", now(), ReplyResponse.ACCEPT, true, null,
        ReplySource.USER_ACTION, sent.messageId()));
    await().until(() -> activities.recorded.size() == 2);
    assertThat(activities.lastRecorded().status()).isEqualTo(PermissionStatus.PERMANENT);
    assertThat(activities.lastRecorded().requestLog()).isEmpty();
    await().untilAsserted(() -> assertThat(attributes().get(WacallSearchAttributes.PERMISSION_STATUS))
        .isEqualTo("PERMANENT"));
  }

  @Test
  void aTemporaryGrantThatLapses_writesNoRow_andTheRunClosesOnIt() {
    PermissionRequestResult sent = requestWithStart();
    // Meta's expiry, after the request has left the 7-day window: the lapse is the run's last deadline
    Instant expiresAt = now().plus(Duration.ofDays(8));
    running().permissionReply(new PermissionReply("wamid.rec-temp", now(), ReplyResponse.ACCEPT, false, expiresAt,
        ReplySource.USER_ACTION, sent.messageId()));
    await().until(() -> activities.lastRecorded().status() == PermissionStatus.TEMPORARY);
    int writes = activities.recorded.size();

    PermissionView last = WorkflowStub.fromTyped(running()).getResult(PermissionView.class);

    assertThat(last.status()).isEqualTo(PermissionStatus.EXPIRED);
    assertThat(last.lastChangeAt()).isEqualTo(expiresAt);
    // the read model shows the recorded grant as EXPIRED from its expiry on (ReadModelRow.readAt,
    // PermissionReadModel): the last row written is the grant, and what it shows now is the final state
    assertThat(activities.recorded).hasSize(writes);
    ReadModelRow shown = ReadModelRow.of(activities.lastRecorded()).readAt(now());
    assertThat(shown.status()).isEqualTo(PermissionStatus.EXPIRED);
    assertThat(shown).isEqualTo(ReadModelRow.of(last).readAt(now()));
    // the closed run keeps the status it ran with; its result, the read model and the API say EXPIRED
    assertThat(attributes().get(WacallSearchAttributes.PERMISSION_STATUS)).isEqualTo("TEMPORARY");
  }

  @Test
  void aRunThatContinuesAsNew_handsItsSearchAttributesOn_andTheNextRunUpsertsNone() {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, options().build());
    WorkflowClient.start(stub::run, new PermissionInput(PHONE, CUSTOMER, null, 30));
    String firstRun = WorkflowStub.fromTyped(stub).getExecution().getRunId();
    stub.permissionReply(new PermissionReply("wamid.rec-perm", now(), ReplyResponse.ACCEPT, true, null,
        ReplySource.USER_ACTION, null));
    CallPermissionWorkflow latest = running();
    for (int i = 1; i <= 12; i++) {
      env.sleep(Duration.ofDays(1));
      latest.callConnected(new CallEvent("wacid.rec-can-" + i, now()));
    }
    await().until(() -> !client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, CUSTOMER)).describe()
        .getExecution().getRunId().equals(firstRun));

    assertThat(latest.state().status()).isEqualTo(PermissionStatus.PERMANENT);
    SearchAttributes attributes = attributes();
    assertThat(attributes.get(WacallSearchAttributes.PHONE_NUMBER_ID)).isEqualTo(PHONE);
    assertThat(attributes.get(WacallSearchAttributes.PERMISSION_STATUS)).isEqualTo("PERMANENT");
    assertThat(history()).noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES);
  }

  // --- helpers

  /** What {@code PermissionController.request} does through {@code PermissionWorkflows.startingStub}. */
  private PermissionRequestResult requestWithStart() {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, options()
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setTypedSearchAttributes(PermissionStartAttributes.ofRequest(PHONE))
        .build());
    return WorkflowClient.executeUpdateWithStart(stub::requestPermission, new PermissionRequest(null, null, null, "crm"),
        UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(stub::run, PermissionInput.fresh(PHONE, CUSTOMER)));
  }

  private WorkflowOptions.Builder options() {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, CUSTOMER))
        .setTaskQueue(taskQueue);
  }

  private CallPermissionWorkflow running() {
    return client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, CUSTOMER));
  }

  /** The latest run's search attributes. */
  private SearchAttributes attributes() {
    return client.newUntypedWorkflowStub(WorkflowIds.permission(PHONE, CUSTOMER)).describe().getTypedSearchAttributes();
  }

  /** The latest run's history. */
  private List<HistoryEvent> history() {
    return client.fetchHistory(WorkflowIds.permission(PHONE, CUSTOMER)).getEvents();
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
