package io.wacall.backend.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.backend.activity.PermissionActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.PermissionSends;
import io.wacall.testsupport.TestDatabase;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fault test "Meta misbehaves" for the permission request, through the real CallPermission
 * workflow on Temporal's test server, the real {@link PermissionActivitiesImpl} (its send journal and
 * read model in a real PostgreSQL) and {@link CloudApiClient}, and Meta as WireMock: whatever Meta
 * does to the send, the customer got at most one request (Meta received exactly one; issue 10, bug
 * 2), and the agent gets the right answer: a send that may have reached Meta is "sent, unconfirmed"
 * (no message id, the request pending), a limit is the workflow's refusal with Meta's time.
 *
 * <p>The test server runs in real time: with time skipping, the server may skip ahead while the
 * client waits for the update and the activity's HTTP call is in flight, timing the activity out
 * before it reaches WireMock (the flakiness that kept this test disabled).
 */
class MetaMisbehavesPermissionWorkflowTest {
  static final String PHONE = "106540352242922";
  static final String MESSAGES = "/v23.0/" + PHONE + "/messages";
  static final String CALL_PERMISSIONS = "/v23.0/" + PHONE + "/call_permissions";
  static final String TASK_QUEUE = "meta-faults-permission";
  static final AtomicInteger customers = new AtomicInteger();
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  static WireMockServer meta;
  static TestWorkflowEnvironment env;
  static WorkflowClient client;

  String waId;

  @BeforeAll
  static void start() {
    meta = MetaFaults.startMeta();
    JdbcClient jdbc = JdbcClient.create(TestDatabase.newDatabase());
    env = MetaFaults.temporal(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build(), TASK_QUEUE,
        CallPermissionWorkflowImpl.class, new PermissionActivitiesImpl(
            new CloudApiClient(MetaFaults.properties(meta.port())), new PermissionReadModel(jdbc, JSON),
            new PermissionSends(jdbc), WacallMetrics.noop()));
    client = env.getWorkflowClient();
  }

  @AfterAll
  static void stop() {
    env.close();
    meta.stop();
  }

  @BeforeEach
  void setUp() {
    meta.resetAll();
    waId = "5521987659" + String.format("%03d", customers.incrementAndGet());
    meta.stubFor(get(urlPathEqualTo(CALL_PERMISSIONS)).willReturn(okJson("""
        {"messaging_product":"whatsapp","permission":{"status":"no_permission"},
         "actions":[{"action_name":"send_call_permission_request","can_perform_action":true,
                     "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":0},
                               {"time_period":"P7D","max_allowed":2,"current_usage":0}]}]}""")));
  }

  @ParameterizedTest(name = "Meta answers the permission request with {0}")
  @EnumSource(MetaFaults.class)
  void metaReceivesOneRequest_andTheAgentGetsTheRightAnswer(MetaFaults fault) {
    meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(fault.instead("""
        {"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],
         "messages":[{"id":"wamid.FAULT"}]}""".formatted(waId, waId))));
    CallPermissionWorkflow permission = startPermission();

    Instant before = Instant.now();
    PermissionRequestResult result = null;
    WorkflowUpdateException failed = null;
    try {
      result = permission.requestPermission(new PermissionRequest("May we call you?", null, null, "agent-7"));
    } catch (WorkflowUpdateException e) {
      failed = e;
    }
    Instant after = Instant.now();

    // no double request: the customer got at most the one Meta received
    meta.verify(exactly(1), postRequestedFor(urlEqualTo(MESSAGES)));

    if (fault.ambiguous) {
      // it may have reached Meta: pending, unconfirmed, never sent again; Meta asked again after it
      assertThat(failed).as("the request is not failed").isNull();
      assertThat(result.messageId()).isNull();
      assertThat(result.state().status()).isEqualTo(PermissionStatus.PENDING);
      assertThat(result.state().pendingRequest().messageId()).isNull();
      meta.verify(exactly(2), getRequestedFor(urlPathEqualTo(CALL_PERMISSIONS)));
      return;
    }
    meta.verify(exactly(1), getRequestedFor(urlPathEqualTo(CALL_PERMISSIONS)));
    assertThat(failed).as("the agent's request fails").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    if (fault.category.equals("THROTTLED")) {
      // Meta's limit becomes the workflow's refusal, with Meta's time when it gave one
      assertThat(cause.getType()).isEqualTo(FailureTypes.PERMISSION_REQUEST_THROTTLED);
      Refused refused = cause.getDetails().get(0, Refused.class);
      assertThat(refused.reason()).isEqualTo("THROTTLED");
      assertThat(refused.nextAllowedAt()).isNotNull();
      if (fault.retryAtPresent) {
        assertThat(refused.nextAllowedAt()).isBetween(before.plus(MetaFaults.RETRY_AFTER).minusSeconds(1),
            after.plus(MetaFaults.RETRY_AFTER).plusSeconds(1));
      }
    } else {
      assertThat(cause.getType()).isEqualTo(fault.failureType);
      CloudApiErrorDetails details = cause.getDetails().get(0, CloudApiErrorDetails.class);
      assertThat(details.category()).isEqualTo(fault.category);
      assertThat(details.httpStatus()).isEqualTo(fault.httpStatus);
    }
  }

  private CallPermissionWorkflow startPermission() {
    CallPermissionWorkflow stub = client.newWorkflowStub(CallPermissionWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.permission(PHONE, waId))
        .setTaskQueue(TASK_QUEUE)
        .build());
    WorkflowClient.start(stub::run, new PermissionInput(PHONE, waId, null, null));
    return stub;
  }
}
