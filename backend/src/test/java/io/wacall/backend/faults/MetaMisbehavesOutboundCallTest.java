package io.wacall.backend.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.backend.activity.CallCloudApiActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.OutboundCallWorkflow;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.CallRecordActivities;
import io.wacall.workflows.call.CloseCall;
import io.wacall.workflows.call.OutboundCallWorkflowImpl;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.OutboundRules;
import io.wacall.workflows.call.RingAgent;
import io.wacall.workflows.call.Routing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fault test "Meta misbehaves" for the connect, through the real OutboundCall workflow (its own
 * once-only connect) on Temporal's time-skipping test server, the real
 * {@link CallCloudApiActivitiesImpl} and {@link CloudApiClient}, and Meta as WireMock: whatever
 * Meta does to the connect, Meta receives exactly one (no double ring), nothing else is sent (no
 * terminate for a call that has no wacid), and the call ends once with the right reason: a connect
 * that may have rung and that no webhook confirms ends {@code CONNECT_UNCONFIRMED}, a limit is a
 * {@code RATE_LIMITED} refusal.
 *
 * <p>The directory and the call record are in memory (the checks pass; the record's writes are
 * kept so that the test can count the closes).
 */
class MetaMisbehavesOutboundCallTest {
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";
  static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  static final String CALLS = "/v23.0/" + PHONE + "/calls";
  static final String TASK_QUEUE = "meta-faults-outbound";
  static final AtomicInteger requests = new AtomicInteger();
  static final List<CloseCall> closed = new CopyOnWriteArrayList<>();

  static WireMockServer meta;
  static TestWorkflowEnvironment env;
  static WorkflowClient client;

  @BeforeAll
  static void start() {
    meta = MetaFaults.startMeta();
    env = MetaFaults.temporal(TestEnvironmentOptions.getDefaultInstance(), TASK_QUEUE, OutboundCallWorkflowImpl.class,
        // every case fails before Meta agrees, so the call record is never saved by PlaceCall
        new CallCloudApiActivitiesImpl(new CloudApiClient(MetaFaults.properties(meta.port())), null),
        new CallableDirectory(), new RecordsInMemory());
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
    closed.clear();
  }

  @ParameterizedTest(name = "Meta answers the connect with {0}")
  @EnumSource(MetaFaults.class)
  void metaReceivesOneConnect_andTheCallEndsOnceWithTheRightReason(MetaFaults fault) {
    meta.stubFor(post(urlEqualTo(CALLS)).withRequestBody(matchingJsonPath("$.action", equalTo("connect")))
        .willReturn(fault.instead("{\"messaging_product\":\"whatsapp\",\"calls\":[{\"id\":\"wacid.FAULT\"}]}")));
    String requestId = "meta-faults-" + requests.incrementAndGet();
    OutboundCallWorkflow call = client.newWorkflowStub(OutboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.outboundCall(requestId))
        .setTaskQueue(TASK_QUEUE)
        .build());
    WorkflowClient.start(call::run,
        new OutboundCallInput(requestId, PHONE, CUSTOMER, "agent-1", SDP, Duration.ofSeconds(30)));

    CallView ended = WorkflowStub.fromTyped(call).getResult(CallView.class);

    // no double ring: one connect, and nothing else (no wacid, so nothing to terminate)
    meta.verify(exactly(1), postRequestedFor(urlEqualTo(CALLS))
        .withRequestBody(matchingJsonPath("$.action", equalTo("connect"))));
    meta.verify(exactly(1), postRequestedFor(urlEqualTo(CALLS)));
    // the call ends once, as the workflow's result says (the record is stamped when it is written)
    assertThat(closed).singleElement().satisfies(close ->
        assertThat(close.call()).usingRecursiveComparison().ignoringFields("asOf").isEqualTo(ended));

    assertThat(ended.wacid()).isNull();
    assertThat(ended.outcome()).isEqualTo(CallOutcome.FAILED);
    if (fault.ambiguous) {
      assertThat(ended.failureReason()).isEqualTo(OutboundRules.CONNECT_UNCONFIRMED);
    } else {
      assertThat(ended.status()).isEqualTo(CallStatus.REFUSED);
      assertThat(ended.failureReason()).isEqualTo(OutboundRules.RATE_LIMITED);
      assertThat(ended.errorCode()).isEqualTo(fault.graphCode);
    }
  }

  /** The business number may call this customer, who granted permission. */
  static final class CallableDirectory implements CallDirectoryActivities {
    @Override
    public Routing loadRouting(String phoneNumberId) {
      return null;
    }

    @Override
    public OutboundCheck checkOutbound(String phoneNumberId, String to) {
      return new OutboundCheck(true, true, "BR", "Brazil", null, true, "TEMPORARY");
    }
  }

  /** The record's writes, kept in memory. */
  static final class RecordsInMemory implements CallRecordActivities {
    @Override
    public void ring(RingAgent command) {}

    @Override
    public void save(CallView call) {}

    @Override
    public void close(CloseCall command) {
      closed.add(command);
    }
  }
}
