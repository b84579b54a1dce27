package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A {@code calls[]} event whose name wacall does not know (Meta adds some, a recording being
 * available for one) is stored, logged and ignored: it never ends the call it names. Through the
 * real adapter (signed payloads over HTTP) into the real InboundCall.
 */
class UnknownCallEventTest extends ApiHttpTest {
  /** A business number and agent of this test only: a call left ringing here rings nobody else's agent. */
  static final String PHONE = "106540352249903";
  static final String AGENT = "unknown-event-agent";
  static final AtomicInteger calls = new AtomicInteger();

  @Autowired JdbcClient jdbc;
  String wacid;

  @BeforeEach
  void setUp() throws Exception {
    wacid = "wacid.UNKNOWN" + calls.incrementAndGet() + "x" + System.nanoTime();
    meta.resetAll();
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls"))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}")));
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE,
        "{\"displayNumber\":\"+5511955550199\",\"ringTimeoutSeconds\":45}").statusCode()).isEqualTo(200);
    assertThat(asOperator("PUT", "/api/v1/agents/" + AGENT,
        "{\"name\":\"Una\",\"defaultChannel\":\"WEB_APP\",\"available\":true}").statusCode()).isEqualTo(200);
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group",
        "{\"members\":[\"" + AGENT + "\"]}").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownEventOfARingingInboundCall_isStoredAsIgnoredWithTheReason_andTheCallKeepsRinging() throws Exception {
    assertThat(signedWebhook(CallRoutingTest.connect(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ringing()).contains(callId()));

    assertThat(signedWebhook(event(wacid, "some_new_event", Instant.now())).statusCode()).isEqualTo(200);

    assertThat(settled("call:" + wacid + ":some_new_event")).isEqualTo("IGNORED");
    assertThat(jdbc.sql("SELECT last_error FROM webhook_events WHERE dedupe_key = :k")
        .param("k", "call:" + wacid + ":some_new_event").query(String.class).single())
        .contains("some_new_event").contains("not handled");
    // were it signalled, the call would end within a workflow task; give it the time to
    Thread.sleep(1_500);
    JsonNode call = json.readTree(send("GET", "/api/v1/calls/" + callId(), null).body());
    assertThat(call.path("status").asText()).isEqualTo("RINGING");
    assertThat(ringing()).contains(callId());

    // the call's real terminate still ends it
    assertThat(signedWebhook(CallRoutingTest.terminate(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(json.readTree(send("GET", "/api/v1/calls/" + callId(), null).body()).path("status").asText())
            .isEqualTo("ENDED"));
  }

  @Test
  void aRecordingAvailableEvent_goesToItsOwnWorkflow_andDoesNotEndTheCall() throws Exception {
    assertThat(signedWebhook(CallRoutingTest.connect(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ringing()).contains(callId()));

    assertThat(signedWebhook(CallMediaApiTest.recordingAvailable(PHONE, wacid, "rec-unknown-event", "0".repeat(64)))
        .statusCode()).isEqualTo(200);

    assertThat(settled("call:" + wacid + ":call_recording_available")).isEqualTo("DISPATCHED");
    assertThat(jdbc.sql("SELECT kind FROM webhook_events WHERE dedupe_key = :k")
        .param("k", "call:" + wacid + ":call_recording_available").query(String.class).single()).isEqualTo("CALL_MEDIA");
    Thread.sleep(1_500);
    assertThat(json.readTree(send("GET", "/api/v1/calls/" + callId(), null).body()).path("status").asText())
        .isEqualTo("RINGING");

    assertThat(signedWebhook(CallRoutingTest.terminate(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(json.readTree(send("GET", "/api/v1/calls/" + callId(), null).body()).path("status").asText())
            .isEqualTo("ENDED"));
  }

  /** The event's status once it is no longer PENDING. */
  private String settled(String dedupeKey) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql(
            "SELECT status FROM webhook_events WHERE dedupe_key = :k AND status <> 'PENDING'")
        .param("k", dedupeKey).query(String.class).optional().orElse(null), java.util.Objects::nonNull);
  }

  private String callId() {
    return "inbound-call:" + wacid;
  }

  private java.util.List<String> ringing() throws Exception {
    return json.readTree(send("GET", "/api/v1/agents/" + AGENT + "/ringing", null).body()).findValuesAsText("callId");
  }

  /** A signed {@code calls[]} item of a user-initiated call with this event name. */
  private static String event(String wacid, String event, Instant at) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{"field":"calls",
         "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955550199",
         "phone_number_id":"%s"},
         "calls":[{"id":"%s","from":"5521987650001","to":"5511955550199","event":"%s","timestamp":"%d",
                   "direction":"USER_INITIATED"}]}}]}]}""".formatted(PHONE, wacid, event, at.getEpochSecond());
  }
}
