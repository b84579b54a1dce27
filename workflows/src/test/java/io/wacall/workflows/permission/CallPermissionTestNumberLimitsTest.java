package io.wacall.workflows.permission;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionLimits;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.workflows.common.TestSearchAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Meta's relaxed limits of test numbers (docs/meta-cloud-api.md#test-accounts) against the
 * standard ones, on the time-skipping test server: a request naming {@link PermissionLimits#TEST_NUMBER}
 * holds the pair to 25 requests a day and 100 a week, and an unanswered call naming them shows the
 * reminder after 5 and revokes after 10; a pair told nothing keeps the standard limits.
 */
class CallPermissionTestNumberLimitsTest {
  static final String PHONE = "106540352242999";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final AtomicInteger pairs = new AtomicInteger();

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
  private String waId;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    this.waId = "5511955551" + String.format("%03d", pairs.incrementAndGet());
  }

  @Test
  void aTestNumberSends25RequestsADay_theStandardOne() {
    CallPermissionWorkflow permission = start();
    Instant first = permission.requestPermission(request(PermissionLimits.TEST_NUMBER)).sentAt();
    for (int i = 2; i <= 25; i++) {
      env.sleep(Duration.ofMinutes(10));
      assertThat(permission.requestPermission(request(PermissionLimits.TEST_NUMBER)).messageId()).isNotNull();
    }
    assertThat(permission.state().limits()).isEqualTo(PermissionLimits.TEST_NUMBER);

    Refused refused = throttled(() -> permission.requestPermission(request(PermissionLimits.TEST_NUMBER)));
    assertThat(refused.nextAllowedAt()).isEqualTo(first.plus(Duration.ofHours(24)));
    assertThat(permission.state().nextRequestAllowedAt()).isEqualTo(first.plus(Duration.ofHours(24)));
    assertThat(activities.sent).hasSize(25);

    // the same pair held to the standard limits again: one a day
    Refused standard = throttled(() -> permission.requestPermission(request(PermissionLimits.STANDARD)));
    assertThat(standard.nextAllowedAt()).isAfter(first.plus(Duration.ofHours(24)));
  }

  @Test
  void aPairToldNothing_keepsTheStandardLimits() {
    CallPermissionWorkflow permission = start();
    Instant first = permission.requestPermission(request(null)).sentAt();
    env.sleep(Duration.ofMinutes(10));

    assertThat(throttled(() -> permission.requestPermission(request(null))).nextAllowedAt())
        .isEqualTo(first.plus(Duration.ofHours(24)));
    assertThat(permission.state().limits()).isNull();
  }

  @Test
  void aTestNumbersUnansweredCalls_remindAfter5_andRevokeAfter10() {
    CallPermissionWorkflow permission = granted();
    for (int i = 1; i <= 9; i++) {
      permission.callUnanswered(new CallEvent("wacid.t" + i, now(), PermissionLimits.TEST_NUMBER));
      assertThat(permission.state().status()).as("after %d unanswered", i).isEqualTo(PermissionStatus.TEMPORARY);
      assertThat(permission.state().reminderShownAt() != null).as("reminder after %d", i).isEqualTo(i >= 5);
    }
    permission.callUnanswered(new CallEvent("wacid.t10", now(), PermissionLimits.TEST_NUMBER));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.REVOKED);
  }

  @Test
  void aStandardNumbersUnansweredCalls_revokeAfter4_asBefore() {
    CallPermissionWorkflow permission = granted();
    for (int i = 1; i <= 4; i++) {
      permission.callUnanswered(new CallEvent("wacid.s" + i, now()));
    }
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.REVOKED);
  }

  // --- helpers

  private CallPermissionWorkflow start() {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, waId))
        .setTaskQueue(taskQueue)
        .build());
    WorkflowClient.start(stub::run, PermissionInput.fresh(PHONE, waId));
    return stub;
  }

  private CallPermissionWorkflow granted() {
    CallPermissionWorkflow permission = start();
    String request = permission.requestPermission(request(null)).messageId();
    permission.permissionReply(new PermissionReply("wamid.grant", now(), ReplyResponse.ACCEPT, false,
        now().plus(Duration.ofDays(7)), ReplySource.USER_ACTION, request));
    assertThat(permission.state().status()).isEqualTo(PermissionStatus.TEMPORARY);
    return permission;
  }

  private static PermissionRequest request(PermissionLimits limits) {
    return new PermissionRequest(null, null, null, "test", limits);
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private static Refused throttled(Runnable call) {
    try {
      call.run();
    } catch (WorkflowUpdateException e) {
      ApplicationFailure failure = (ApplicationFailure) e.getCause();
      assertThat(failure.getType()).isEqualTo(FailureTypes.PERMISSION_REQUEST_THROTTLED);
      return failure.getDetails().get(0, Refused.class);
    }
    throw new AssertionError("expected the request to be throttled");
  }
}
