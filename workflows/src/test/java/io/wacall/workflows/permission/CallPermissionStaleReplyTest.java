package io.wacall.workflows.permission;

import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.view.AuditEntry;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.StatsReporter;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.workflows.common.TestSearchAttributes;
import io.wacall.contract.WorkflowIds;
import io.wacall.workflows.permission.PermissionActivities.RecordedPermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A signed reply never overrides newer state, on the time-skipping test server: inside a running
 * CallPermission a reply older than the pair's last change is ignored (and says so in the audit
 * trail); after the run completed, the fresh run a late reply starts is seeded from the read
 * model (here the fake's, which keeps each pair's last snapshot) and grants nothing.
 */
class CallPermissionStaleReplyTest {
  static final String PHONE = "106540352242922";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  /** A fresh outside world per test (the extension is per test too). */
  final FakePermissionActivities activities = new FakePermissionActivities();
  static final AtomicLong staleRepliesCounted = new AtomicLong();
  static final AtomicInteger pairs = new AtomicInteger();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class)
      .setActivityImplementations(activities)
      .setMetricsScope(new RootScopeBuilder().reporter(new CountingReporter())
          .reportEvery(com.uber.m3.util.Duration.ofMillis(10)))
      .setInitialTime(START)
      .setDoNotStart(false)
      .build();

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private String waId;
  private Instant grantedAt;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    this.waId = "5511966660" + String.format("%03d", pairs.incrementAndGet());
  }

  // ---- inside a running workflow

  @Test
  void aReplyOlderThanTheRequestWacallSentLast_isStale_andChangesNothing() {
    CallPermissionWorkflow permission = start();
    String first = permission.requestPermission(plain()).messageId();
    Instant firstSentAt = now();
    env.sleep(Duration.ofHours(25));
    PermissionRequestResult second = permission.requestPermission(plain());

    // an accept of the first request, made before the second one went out, delivered only now
    permission.permissionReply(accept("wamid.late-first", firstSentAt.plus(Duration.ofHours(1)), true, first));

    PermissionView state = permission.state();
    assertThat(state.status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(state.pendingRequest().messageId()).isEqualTo(second.messageId());
    assertThat(state.lastChangeAt()).isEqualTo(second.sentAt());
    assertThat(state.audit()).last().satisfies(entry -> {
      assertThat(entry.event()).isEqualTo("stale reply ignored");
      assertThat(entry.detail()).contains("wamid.late-first").contains("last change at " + second.sentAt());
    });
  }

  @Test
  void aFreshReplyToAnEarlierRequest_isApplied_andTheAuditTrailSaysWhichRequestItAnswered() {
    CallPermissionWorkflow permission = start();
    String first = permission.requestPermission(plain()).messageId();
    env.sleep(Duration.ofHours(25));
    permission.requestPermission(plain());
    env.sleep(Duration.ofMinutes(5));

    permission.permissionReply(accept("wamid.now-first", now(), false, first));

    PermissionView state = permission.state();
    assertThat(state.status()).isEqualTo(PermissionStatus.TEMPORARY);
    assertThat(state.audit()).last().satisfies(entry ->
        assertThat(entry.detail()).contains("answering the earlier request " + first));
  }

  @Test
  void aReplyOlderThanWhatsAppsRevoke_isStale_althoughItIsNewerThanTheLastReply() {
    CallPermissionWorkflow permission = start();
    String request = permission.requestPermission(plain()).messageId();
    Instant grantedAt = now();
    permission.permissionReply(accept("wamid.grant", grantedAt, false, request));
    env.sleep(Duration.ofHours(2));
    Instant revokedAt = null;
    for (int i = 1; i <= PermissionRules.REVOKE_AFTER_UNANSWERED; i++) {
      revokedAt = now();
      permission.callUnanswered(new CallEvent("wacid.miss-" + i, revokedAt));
    }
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.REVOKED);
    long countedBefore = staleRepliesCounted.get();

    // a permanent accept made an hour after the grant, before WhatsApp's revoke, delivered late
    permission.permissionReply(accept("wamid.before-revoke", grantedAt.plus(Duration.ofHours(1)), true, request));

    PermissionView state = permission.state();
    assertThat(state.status()).isEqualTo(PermissionStatus.REVOKED);
    assertThat(state.lastChangeAt()).isEqualTo(revokedAt);
    assertThat(state.audit()).last().extracting(AuditEntry::event).isEqualTo("stale reply ignored");
    await().untilAsserted(() -> assertThat(staleRepliesCounted.get()).isEqualTo(countedBefore + 1));
  }

  @Test
  void aReplyInTheSameSecondAsTheRequest_isNotStale_forMetasTimestampsHaveNoFraction() {
    env.sleep(Duration.ofMillis(700)); // wacall's clock is now inside a second, Meta's is not
    CallPermissionWorkflow permission = start();
    PermissionRequestResult sent = permission.requestPermission(plain());
    Instant sameSecond = sent.sentAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    assertThat(sameSecond).isBefore(sent.sentAt());

    permission.permissionReply(accept("wamid.quick", sameSecond, false, sent.messageId()));

    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
  }

  // ---- after the workflow completed: the fresh run is seeded from the read model

  @Test
  void afterGrantRevokeAndCompletion_aThirtyDayOldPermanentAccept_startsAFreshRunThatGrantsNothing() {
    Instant revokedAt = grantRevokeAndComplete();
    env.sleep(Duration.ofDays(30));

    // the grant of 30 days ago, delivered once more (its dedupe key died with the first run)
    signalWithStart(accept("wamid.grant-30d", grantedAt, true, null));

    CallPermissionWorkflow fresh = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, waId));
    PermissionView last = WorkflowStub.fromTyped(fresh).getResult(PermissionView.class);
    assertThat(last.status()).isEqualTo(PermissionStatus.REVOKED);
    assertThat(last.permanent()).isFalse();
    assertThat(last.lastChangeAt()).isEqualTo(revokedAt);
    assertThat(last.audit()).extracting(AuditEntry::event)
        .containsExactly("previous run carried over", "stale reply ignored");
    assertThat(activityTypes()).startsWith("LoadPermissionRecord");
    assertThat(activities.lastRecorded().status()).isEqualTo(PermissionStatus.REVOKED);
  }

  @Test
  void afterGrantRevokeAndCompletion_aNewRequestAndAFreshAcceptStillGrant() {
    grantRevokeAndComplete();
    env.sleep(Duration.ofDays(30));

    PermissionRequestResult sent = requestWithStart();
    assertThat(sent.state().status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(sent.state().pendingRequest().statusBefore()).isEqualTo(PermissionStatus.REVOKED);
    env.sleep(Duration.ofMinutes(3));
    CallPermissionWorkflow latest = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, waId));
    latest.permissionReply(accept("wamid.fresh-yes", now(), true, sent.messageId()));

    assertThat(latest.state().status()).isEqualTo(PermissionStatus.PERMANENT);
  }

  @Test
  void aFreshRunOfAPairTheReadModelNeverSaw_startsFromNothing() {
    signalWithStart(accept("wamid.first-ever", now(), true, null));

    CallPermissionWorkflow permission = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowIds.permission(PHONE, waId));
    await().untilAsserted(() -> assertThat(permission.state().status()).isEqualTo(PermissionStatus.PERMANENT));
    assertThat(permission.state().audit()).extracting(AuditEntry::event).containsExactly("reply accept");
    assertThat(activityTypes()).startsWith("LoadPermissionRecord");
  }

  @Test
  void aRecordedGrantIsNeverTakenOverByAFreshRun_onlyTheInstantOfItsLastChange() {
    Instant recordedChange = now().minus(Duration.ofDays(2));
    activities.readModel.put(PHONE + ":" + waId, new RecordedPermission(PermissionStatus.PERMANENT, recordedChange));

    PermissionRequestResult sent = requestWithStart();

    assertThat(sent.state().status()).isEqualTo(PermissionStatus.PENDING);
    assertThat(sent.state().pendingRequest().statusBefore()).isEqualTo(PermissionStatus.NONE);
    assertThat(sent.state().audit()).first().satisfies(entry -> {
      assertThat(entry.event()).isEqualTo("previous run carried over");
      assertThat(entry.detail()).contains("recorded PERMANENT, last change at " + recordedChange);
    });
  }

  // ---- helpers

  /** A permanent grant from the business profile, revoked a day later: nothing is left, the run completes. */
  private Instant grantRevokeAndComplete() {
    CallPermissionWorkflow permission = start();
    grantedAt = now();
    permission.permissionReply(accept("wamid.grant-30d", grantedAt, true, null));
    env.sleep(Duration.ofDays(1));
    Instant revokedAt = now();
    permission.permissionReply(new PermissionReply("wamid.revoke", revokedAt, ReplyResponse.REJECT, false, null,
        ReplySource.USER_ACTION, null));
    PermissionView last = WorkflowStub.fromTyped(permission).getResult(PermissionView.class);
    assertThat(last.status()).isEqualTo(PermissionStatus.REVOKED);
    assertThat(last.lastChangeAt()).isEqualTo(revokedAt);
    return revokedAt;
  }

  private CallPermissionWorkflow start() {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, options().build());
    WorkflowClient.start(stub::run, PermissionInput.fresh(PHONE, waId));
    return stub;
  }

  /** What the webhook adapter does. */
  private void signalWithStart(PermissionReply reply) {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, options().build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(stub::run, PermissionInput.fresh(PHONE, waId));
    request.add(stub::permissionReply, reply);
    client.signalWithStart(request);
  }

  /** What the API does. */
  private PermissionRequestResult requestWithStart() {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, options()
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING).build());
    return WorkflowClient.executeUpdateWithStart(stub::requestPermission, plain(),
        UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(io.temporal.client.WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(stub::run, PermissionInput.fresh(PHONE, waId)));
  }

  private WorkflowOptions.Builder options() {
    return WorkflowOptions.newBuilder().setWorkflowId(WorkflowIds.permission(PHONE, waId)).setTaskQueue(taskQueue);
  }

  /** Activity types the latest run scheduled, in order. */
  private List<String> activityTypes() {
    return client.fetchHistory(WorkflowIds.permission(PHONE, waId)).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private static PermissionRequest plain() {
    return new PermissionRequest(null, null, null, "test");
  }

  private static PermissionReply accept(String id, Instant at, boolean permanent, String context) {
    return new PermissionReply(id, at, ReplyResponse.ACCEPT, permanent, null, ReplySource.USER_ACTION, context);
  }

  /** Counts what the workflow reports through the SDK's metrics scope as stale replies. */
  static final class CountingReporter implements StatsReporter {
    @Override
    public void reportCounter(String name, Map<String, String> tags, long value) {
      if (name.equals(CallPermissionWorkflowImpl.STALE_REPLIES_METRIC)) {
        staleRepliesCounted.addAndGet(value);
      }
    }

    @Override
    public void reportGauge(String name, Map<String, String> tags, double value) {}

    @Override
    public void reportTimer(String name, Map<String, String> tags, com.uber.m3.util.Duration interval) {}

    @Override
    public void reportHistogramValueSamples(String name, Map<String, String> tags, Buckets buckets,
        double bucketLowerBound, double bucketUpperBound, long samples) {}

    @Override
    public void reportHistogramDurationSamples(String name, Map<String, String> tags, Buckets buckets,
        com.uber.m3.util.Duration bucketLowerBound, com.uber.m3.util.Duration bucketUpperBound, long samples) {}

    @Override
    public Capabilities capabilities() {
      return CapableOf.REPORTING_TAGGING;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
