package io.wacall.backend.activity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.wacall.backend.activity.CallStores.PHONE;
import static io.wacall.backend.activity.CallStores.inbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.CloudApiProperties;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.workflows.call.AnswerCall;
import io.wacall.workflows.call.AnswerOutcome;
import io.wacall.workflows.call.CallCloudApiActivities;
import io.wacall.workflows.call.PlaceCall;
import io.wacall.workflows.common.CloudApiErrorDetails;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AnswerCall and PlaceCall as a workflow sees them (Temporal's data converter and failure mapping),
 * against Meta as WireMock on loopback and a real PostgreSQL: the record is saved only once Meta
 * agreed, and the agents' ringing rows follow it.
 */
class CallCloudApiActivitiesImplTest {
  static final String TOKEN = "EAAtestToken0123456789abcdef";
  static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  static final String CALLS = "/v23.0/" + PHONE + "/calls";

  static WireMockServer meta;

  CallStores stores;
  TestActivityEnvironment temporal;
  CallCloudApiActivities activities;

  @BeforeAll
  static void startMeta() {
    meta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
  }

  @AfterAll
  static void stopMeta() {
    meta.stop();
  }

  @BeforeEach
  void setUp() {
    meta.resetAll();
    stores = new CallStores();
    // a short read timeout, so that a Meta that does not answer is quick to test
    CloudApiClient client = new CloudApiClient(new CloudApiProperties("http://127.0.0.1:" + meta.port(), null, TOKEN,
        null, Duration.ofMillis(1_500)));
    temporal = TestActivityEnvironment.newInstance();
    temporal.registerActivitiesImplementations(new CallCloudApiActivitiesImpl(client, stores.records));
    // one attempt, as the workflows run AnswerCall and PlaceCall
    activities = temporal.newActivityStub(CallCloudApiActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    temporal.close();
  }

  // --- AnswerCall

  @Test
  void answerSendsPreAcceptThenAcceptWithTheSameSdp_savesTheConnectedRecord_andTheRingingRowGoes() {
    String id = "inbound-call:answer-ok";
    stores.records.save(inbound(id, 3, CallStatus.RINGING, "a-1"), "run-1");
    meta.stubFor(action("pre_accept").willReturn(success()));
    meta.stubFor(action("accept").willReturn(success()));

    AnswerOutcome outcome = activities.answer(new AnswerCall(PHONE, "wacid.answer-ok", SDP, id,
        inbound(id, 4, CallStatus.CONNECTED, null)));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(meta.findAll(postRequestedFor(urlEqualTo(CALLS))))
        .extracting(r -> r.getBodyAsString().contains("\"pre_accept\"") ? "pre_accept" : "accept")
        .containsExactly("pre_accept", "accept");
    meta.verify(posted("pre_accept").withRequestBody(matchingJsonPath("$.session.sdp", equalTo(SDP))));
    meta.verify(posted("accept").withRequestBody(matchingJsonPath("$.session.sdp", equalTo(SDP)))
        .withRequestBody(matchingJsonPath("$.biz_opaque_callback_data", equalTo(id))));
    assertThat(stores.calls.find(id)).get().satisfies(v -> {
      assertThat(v.version()).isEqualTo(4);
      assertThat(v.status()).isEqualTo(CallStatus.CONNECTED);
    });
    assertThat(stores.ringingAgents(id)).isEmpty();
  }

  @Test
  void aRefusedPreAcceptIsThePreAcceptStep_acceptIsNotSent_andNothingIsSaved() {
    String id = "inbound-call:pre-accept-refused";
    stores.records.save(inbound(id, 3, CallStatus.RINGING, "a-1"), "run-1");
    meta.stubFor(action("pre_accept").willReturn(graphError(400, 100, "Invalid parameter")));
    meta.stubFor(action("accept").willReturn(success()));

    AnswerOutcome outcome = activities.answer(new AnswerCall(PHONE, "wacid.pre-accept-refused", SDP, id,
        inbound(id, 4, CallStatus.CONNECTED, null)));

    assertThat(outcome.failedStep()).isEqualTo(AnswerOutcome.Step.PRE_ACCEPT);
    assertThat(outcome.error()).isEqualTo(new CloudApiErrorDetails("REJECTED", 400, 100, null, null, false, "trace-1"));
    assertThat(outcome.ambiguous()).isFalse();
    assertThat(outcome.message()).startsWith(FailureTypes.CLOUD_API_REJECTED + ": ");
    meta.verify(0, posted("accept"));
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(3L);
    assertThat(stores.ringingAgents(id)).containsExactly("a-1");
  }

  @Test
  void aRefusedAcceptIsTheAcceptStepWithMetasDetails_andNothingIsSaved() {
    String id = "inbound-call:accept-refused";
    stores.records.save(inbound(id, 3, CallStatus.RINGING, "a-1"), "run-1");
    meta.stubFor(action("pre_accept").willReturn(success()));
    meta.stubFor(action("accept").willReturn(graphError(400, 138006, "No approved call permission")));

    AnswerOutcome outcome = activities.answer(new AnswerCall(PHONE, "wacid.accept-refused", SDP, id,
        inbound(id, 4, CallStatus.CONNECTED, null)));

    assertThat(outcome.failedStep()).isEqualTo(AnswerOutcome.Step.ACCEPT);
    assertThat(outcome.error()).isEqualTo(new CloudApiErrorDetails("NO_PERMISSION", 400, 138006, null, null, false,
        "trace-1"));
    assertThat(outcome.ambiguous()).isFalse();
    assertThat(outcome.message()).startsWith(FailureTypes.CLOUD_API_NO_PERMISSION + ": ");
    meta.verify(1, posted("pre_accept"));
    meta.verify(1, posted("accept"));
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(3L);
    assertThat(stores.ringingAgents(id)).containsExactly("a-1");
  }

  @Test
  void anAcceptMetaDoesNotAnswerInTimeIsAnAmbiguousAcceptStep() {
    String id = "inbound-call:accept-timeout";
    stores.records.save(inbound(id, 3, CallStatus.RINGING, "a-1"), "run-1");
    meta.stubFor(action("pre_accept").willReturn(success()));
    meta.stubFor(action("accept").willReturn(success().withFixedDelay(3_000)));

    AnswerOutcome outcome = activities.answer(new AnswerCall(PHONE, "wacid.accept-timeout", SDP, id,
        inbound(id, 4, CallStatus.CONNECTED, null)));

    assertThat(outcome.failedStep()).isEqualTo(AnswerOutcome.Step.ACCEPT);
    assertThat(outcome.ambiguous()).isTrue();
    assertThat(outcome.error()).satisfies(e -> {
      assertThat(e.category()).isEqualTo("TRANSIENT");
      assertThat(e.httpStatus()).isZero();
      assertThat(e.ambiguous()).isTrue();
    });
    assertThat(stores.calls.find(id)).get().extracting(CallView::version).isEqualTo(3L);
  }

  @Test
  void anAnswerOutcomeTravelsThroughTheDefaultDataConverter() {
    DataConverter converter = DefaultDataConverter.newDefaultInstance();
    for (AnswerOutcome outcome : new AnswerOutcome[] {AnswerOutcome.connected(),
        new AnswerOutcome(AnswerOutcome.Step.ACCEPT, null, "CloudApiTransient: read timed out")}) {
      assertThat(converter.fromPayload(converter.toPayload(outcome).orElseThrow(), AnswerOutcome.class,
          AnswerOutcome.class)).isEqualTo(outcome);
    }
  }

  // --- PlaceCall

  @Test
  void placeReturnsTheWacid_andSavesThePlacedRecordWithItRinging() {
    String id = "outbound-call:place-ok";
    meta.stubFor(action("connect").willReturn(okJson("""
        {"messaging_product":"whatsapp","calls":[{"id":"wacid.PLACED"}]}""")));
    CallView placed = CallStores.view(id, null, CallDirection.BUSINESS_INITIATED, CallStatus.INITIATING, null, null, 2);

    String wacid = activities.place(new PlaceCall(PHONE, CallStores.CUSTOMER, SDP, id, placed));

    assertThat(wacid).isEqualTo("wacid.PLACED");
    meta.verify(posted("connect").withRequestBody(matchingJsonPath("$.biz_opaque_callback_data", equalTo(id)))
        .withRequestBody(matchingJsonPath("$.to", equalTo(CallStores.CUSTOMER))));
    CallView saved = stores.calls.find(id).orElseThrow();
    assertThat(saved.wacid()).isEqualTo("wacid.PLACED");
    assertThat(saved.status()).isEqualTo(CallStatus.RINGING);
    assertThat(saved).usingRecursiveComparison().ignoringFields("wacid", "status").isEqualTo(placed);
    assertThat(stores.calls.idByWacid("wacid.PLACED")).contains(id);
  }

  @Test
  void aRefusedConnectFailsAsTodaysConnectDoes_andNothingIsSaved() {
    String id = "outbound-call:place-refused";
    meta.stubFor(action("connect").willReturn(graphError(400, 138006, "No approved call permission")));

    ActivityFailure failure = catchThrowableOfType(() -> activities.place(new PlaceCall(PHONE, CallStores.CUSTOMER,
        SDP, id, CallStores.view(id, null, CallDirection.BUSINESS_INITIATED, CallStatus.INITIATING, null, null, 2))),
        ActivityFailure.class);

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureTypes.CLOUD_API_NO_PERMISSION);
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getDetails().get(0, CloudApiErrorDetails.class).graphCode()).isEqualTo(138006);
    meta.verify(1, posted("connect"));
    assertThat(stores.calls.find(id)).isEmpty();
  }

  @Test
  void aConnectMetaDoesNotAnswerInTimeFailsAmbiguous_andNothingIsSaved() {
    String id = "outbound-call:place-timeout";
    meta.stubFor(action("connect").willReturn(success().withFixedDelay(3_000)));

    ActivityFailure failure = catchThrowableOfType(() -> activities.place(new PlaceCall(PHONE, CallStores.CUSTOMER,
        SDP, id, CallStores.view(id, null, CallDirection.BUSINESS_INITIATED, CallStatus.INITIATING, null, null, 2))),
        ActivityFailure.class);

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(FailureTypes.CLOUD_API_TRANSIENT);
    assertThat(cause.getDetails().get(0, CloudApiErrorDetails.class).ambiguous()).isTrue();
    meta.verify(1, posted("connect"));
    assertThat(stores.calls.find(id)).isEmpty();
  }

  // --- reject and terminate

  @Test
  void terminateSendsTheActionAndAMetaRefusalFailsWithItsType() {
    meta.stubFor(action("terminate").willReturn(graphError(400, 100, "Invalid parameter")));

    ActivityFailure failure = catchThrowableOfType(() -> activities.terminate(PHONE, "wacid.T"), ActivityFailure.class);

    assertThat(((ApplicationFailure) failure.getCause()).getType()).isEqualTo(FailureTypes.CLOUD_API_REJECTED);
    meta.verify(posted("terminate").withRequestBody(matchingJsonPath("$.call_id", equalTo("wacid.T"))));
  }

  private static MappingBuilder action(String action) {
    return post(urlEqualTo(CALLS)).withRequestBody(matchingJsonPath("$.action", equalTo(action)));
  }

  private static RequestPatternBuilder posted(String action) {
    return postRequestedFor(urlEqualTo(CALLS)).withRequestBody(matchingJsonPath("$.action", equalTo(action)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder success() {
    return okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder graphError(int status, int code,
      String message) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
        {"error":{"message":"%s","type":"OAuthException","code":%d,"fbtrace_id":"trace-1"}}"""
        .formatted(message, code));
  }
}
