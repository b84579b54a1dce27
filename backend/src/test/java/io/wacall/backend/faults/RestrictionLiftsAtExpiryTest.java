package io.wacall.backend.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.backend.activity.PermissionActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.PermissionSends;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Meta pauses a number's business-initiated calling for 7 days (docs/meta-cloud-api.md#quality-restrictions):
 * on the time-skipping test server, the real CallPermission workflow and activities (PostgreSQL,
 * Meta as WireMock) refuse a permission request before Meta while the pause lasts, with its end as
 * the time the next request is allowed, and send one as soon as the week has passed, with no one
 * lifting anything.
 */
class RestrictionLiftsAtExpiryTest {
  static final String PHONE = "106540352242922";
  static final String WA_ID = "5521987654321";
  static final String MESSAGES = "/v23.0/" + PHONE + "/messages";
  static final String TASK_QUEUE = "restriction-lifts";
  static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  WireMockServer meta;
  TestWorkflowEnvironment env;
  CallingRestrictions restrictions;

  @BeforeEach
  void start() {
    meta = MetaFaults.startMeta();
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + PHONE + "/call_permissions")).willReturn(okJson("""
        {"messaging_product":"whatsapp","permission":{"status":"no_permission"},"actions":[]}""")));
    meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson("""
        {"messaging_product":"whatsapp","messages":[{"id":"wamid.AFTER-THE-PAUSE"}]}""")));
    JdbcClient jdbc = JdbcClient.create(TestDatabase.newDatabase());
    restrictions = new CallingRestrictions(jdbc);
    env = MetaFaults.temporal(TestEnvironmentOptions.newBuilder().setInitialTime(START).build(), TASK_QUEUE, CallPermissionWorkflowImpl.class,
        new PermissionActivitiesImpl(new CloudApiClient(MetaFaults.properties(meta.port())),
            new PermissionReadModel(jdbc, JSON), new PermissionSends(jdbc), restrictions, WacallMetrics.noop(),
            Clock.fixed(START, ZoneOffset.UTC)));
  }

  @AfterEach
  void stop() {
    env.close();
    meta.stop();
  }

  @Test
  void aPauseRefusesRequestsBeforeMetaUntilItEnds_thenTheNextRequestIsSent() {
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant until = now.plus(Duration.ofDays(7));
    restrictions.record(new CallingRestrictions.Restriction(PHONE, CallingRestrictions.Kind.BUSINESS_INITIATED,
        "RESTRICTED_BUSINESS_INITIATED_CALLING", until, now));

    WorkflowUpdateException refused = catchThrowableOfType(this::request, WorkflowUpdateException.class);

    assertThat(refused.getCause()).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
      assertThat(failure.getType()).isEqualTo(FailureTypes.PERMISSION_REQUEST_THROTTLED);
      assertThat(failure.getDetails().get(0, Refused.class).nextAllowedAt()).isEqualTo(until);
    });
    meta.verify(exactly(0), postRequestedFor(urlEqualTo(MESSAGES)));

    env.sleep(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), until.plusSeconds(60)));
    PermissionRequestResult sent = request();

    assertThat(sent.messageId()).isEqualTo("wamid.AFTER-THE-PAUSE");
    assertThat(sent.state().status()).isEqualTo(PermissionStatus.PENDING);
    meta.verify(exactly(1), postRequestedFor(urlEqualTo(MESSAGES)));
  }

  /** What the API does: update-with-start. */
  private PermissionRequestResult request() {
    CallPermissionWorkflow stub = env.getWorkflowClient().newWorkflowStub(CallPermissionWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.permission(PHONE, WA_ID))
            .setTaskQueue(TASK_QUEUE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build());
    return WorkflowClient.executeUpdateWithStart(stub::requestPermission,
        new PermissionRequest("May we call you?", null, null, "agent-7"),
        UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
        new WithStartWorkflowOperation<>(stub::run, PermissionInput.fresh(PHONE, WA_ID)));
  }
}
