package io.wacall.backend.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.wacall.backend.activity.CallCloudApiActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.CallRecordActivities;
import io.wacall.workflows.call.CloseCall;
import io.wacall.workflows.call.InboundCallWorkflowImpl;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.RingAgent;
import io.wacall.workflows.call.RingMember;
import io.wacall.workflows.call.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault test "Meta misbehaves" for answering, through the real InboundCall workflow on Temporal's
 * time-skipping test server, the real {@link CallCloudApiActivitiesImpl} and {@link CloudApiClient},
 * and Meta as WireMock: an agent answers a ringing call and Meta misbehaves on pre_accept or on
 * accept. Meta receives each step at most once (no accept after a failed pre_accept, never a second
 * accept), the agent is told which step failed, and the call is cleaned up the right way: an accept
 * that may have connected is terminated, an accept Meta refused (or a failed pre_accept, with
 * nobody else to ring) is rejected.
 *
 * <p>One member rings; the directory and the call record are in memory.
 */
class MetaMisbehavesInboundCallTest {
  static final String PHONE = "106540352242922";
  static final String CUSTOMER = "5521987650001";
  static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  static final String CALLS = "/v23.0/" + PHONE + "/calls";
  static final String SUCCESS = "{\"messaging_product\":\"whatsapp\",\"success\":true}";
  static final String TASK_QUEUE = "meta-faults-inbound";
  static final AtomicInteger calls = new AtomicInteger();
  static final List<RingAgent> rung = new CopyOnWriteArrayList<>();
  static final List<CloseCall> closed = new CopyOnWriteArrayList<>();

  static WireMockServer meta;
  static TestWorkflowEnvironment env;
  static WorkflowClient client;

  @BeforeAll
  static void start() {
    meta = MetaFaults.startMeta();
    env = MetaFaults.temporal(TestEnvironmentOptions.getDefaultInstance(), TASK_QUEUE, InboundCallWorkflowImpl.class,
        // every case fails before Meta agrees to the accept, so AnswerCall never saves the record
        new CallCloudApiActivitiesImpl(new CloudApiClient(MetaFaults.properties(meta.port())), null),
        new OneMemberDirectory(), new RecordsInMemory());
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
    rung.clear();
    closed.clear();
  }

  static Stream<Arguments> answerStepsAgainstEveryFault() {
    return Stream.of("pre_accept", "accept")
        .flatMap(step -> Arrays.stream(MetaFaults.values()).map(fault -> Arguments.of(step, fault)));
  }

  @ParameterizedTest(name = "Meta answers {0} with {1}")
  @MethodSource("answerStepsAgainstEveryFault")
  void eachStepReachesMetaOnce_theAgentIsTold_andTheCallIsCleanedUp(String step, MetaFaults fault) {
    for (String action : List.of("pre_accept", "accept", "reject", "terminate")) {
      meta.stubFor(action(action).willReturn(okJson(SUCCESS)));
    }
    meta.stubFor(action(step).atPriority(1).willReturn(fault.instead(SUCCESS)));
    String wacid = "wacid.inbound-fault-" + calls.incrementAndGet();
    InboundCallWorkflow call = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(wacid))
        .setTaskQueue(TASK_QUEUE)
        .build());
    BatchRequest start = client.newSignalWithStartRequest();
    start.add(call::run, new InboundCallInput(wacid, PHONE, null));
    // the test server's clock: an earlier case's wait skipped it ahead of the wall clock
    start.add(call::callEvent, CallWebhookEvent.connect(wacid, Instant.ofEpochMilli(env.currentTimeMillis()), "v=0 offer", CUSTOMER, PHONE,
        "USER_INITIATED"));
    client.signalWithStart(start);
    await().atMost(Duration.ofSeconds(20)).until(() -> !rung.isEmpty());

    AnswerResult answered = call.answer(new AnswerRequest("a-1", SDP));
    CallView ended = WorkflowStub.fromTyped(call).getResult(CallView.class);

    boolean accept = step.equals("accept");
    assertThat(answered.gotCall()).isFalse();
    assertThat(answered.reason()).isEqualTo(accept ? "ACCEPT_FAILED" : "PRE_ACCEPT_FAILED");
    // no double answer: each step at most once, and no accept after a failed pre_accept
    meta.verify(exactly(1), received("pre_accept"));
    meta.verify(exactly(accept ? 1 : 0), received("accept"));
    // the clean-up: terminate what may have connected, reject the rest
    boolean mayHaveConnected = accept && fault.ambiguous;
    meta.verify(exactly(mayHaveConnected ? 1 : 0), received("terminate"));
    meta.verify(exactly(mayHaveConnected ? 0 : 1), received("reject"));

    assertThat(closed).singleElement();
    assertThat(ended.answeredAt()).isNull();
    assertThat(ended.status()).isNotEqualTo(CallStatus.CONNECTED);
    if (accept) {
      assertThat(ended.outcome()).isEqualTo(CallOutcome.FAILED);
      assertThat(ended.failureReason()).isEqualTo("ACCEPT_FAILED");
    } else {
      // Meta refused the agent's SDP: the call was intact, and nobody else was there to take it
      assertThat(ended.outcome()).isNotEqualTo(CallOutcome.COMPLETED);
    }
  }

  private static MappingBuilder action(String action) {
    return post(urlEqualTo(CALLS)).withRequestBody(matchingJsonPath("$.action", equalTo(action)));
  }

  private static RequestPatternBuilder received(String action) {
    return postRequestedFor(urlEqualTo(CALLS)).withRequestBody(matchingJsonPath("$.action", equalTo(action)));
  }

  /** One available member; rings long enough that the test's real seconds never reach a timeout. */
  static final class OneMemberDirectory implements CallDirectoryActivities {
    @Override
    public Routing loadRouting(String phoneNumberId) {
      return new Routing("+551140040000", "BR", true, List.of(new RingMember("a-1", "Agent a-1", AgentChannel.WEB_APP,
          true)), Duration.ofMinutes(2), Duration.ofMinutes(5), false, null, Duration.ofMinutes(4));
    }

    @Override
    public OutboundCheck checkOutbound(String phoneNumberId, String to) {
      throw new UnsupportedOperationException("inbound calls only");
    }
  }

  /** The record's writes, kept in memory. */
  static final class RecordsInMemory implements CallRecordActivities {
    @Override
    public void ring(RingAgent command) {
      rung.add(command);
    }

    @Override
    public void save(CallView call) {}

    @Override
    public void close(CloseCall command) {
      closed.add(command);
    }
  }
}
