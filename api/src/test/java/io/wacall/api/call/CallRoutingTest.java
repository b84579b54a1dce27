package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Call webhooks through the real adapter (signed payloads over HTTP) into the real call workflows:
 * any order, duplicates and stale events leave one consistent call.
 */
class CallRoutingTest extends ApiHttpTest {
  static final String PHONE = "106540352242922";
  static final AtomicInteger calls = new AtomicInteger();

  @Autowired JdbcClient jdbc;
  String wacid;

  @BeforeEach
  void setUp() throws Exception {
    wacid = "wacid.ROUTING" + calls.incrementAndGet() + "x" + System.nanoTime();
    meta.resetAll();
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls")).willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}")));
    asOperator("PUT", "/api/v1/phone-numbers/" + PHONE, "{\"displayNumber\":\"+5511955550123\",\"ringTimeoutSeconds\":20}");
    asOperator("PUT", "/api/v1/agents/a-1", "{\"name\":\"Ana\",\"defaultChannel\":\"WEB_APP\",\"available\":true}");
    asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group", "{\"members\":[\"a-1\"]}");
  }

  @Test
  void aSignedConnectStartsTheInboundCallAndRingsThePrimaryOnce() throws Exception {
    String connect = connect(wacid, Instant.now());
    assertThat(signedWebhook(connect).statusCode()).isEqualTo(200);
    assertThat(signedWebhook(connect).statusCode()).isEqualTo(200); // Meta redelivers

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode ringing = json.readTree(send("GET", "/api/v1/agents/a-1/ringing", null).body());
      assertThat(ringing.findValuesAsText("callId")).containsExactly("inbound-call:" + wacid);
    });
    JsonNode call = json.readTree(send("GET", "/api/v1/calls/inbound-call:" + wacid, null).body());
    assertThat(call.path("status").asText()).isEqualTo("RINGING");
    assertThat(call.path("direction").asText()).isEqualTo("USER_INITIATED");
    assertThat(call.path("customer").asText()).isEqualTo("5521987650001");
    assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE dedupe_key = :k").param("k", "call:" + wacid + ":connect")
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aTerminateThatArrivesBeforeItsConnectIsKeptAndNobodyIsRung() throws Exception {
    assertThat(signedWebhook(terminate(wacid, Instant.now())).statusCode()).isEqualTo(200);
    assertThat(signedWebhook(connect(wacid, Instant.now().minusSeconds(2))).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode call = json.readTree(send("GET", "/api/v1/calls/inbound-call:" + wacid, null).body());
      assertThat(call.path("status").asText()).isEqualTo("ENDED");
      assertThat(call.path("outcome").asText()).isEqualTo("ABANDONED");
    });
    assertThat(json.readTree(send("GET", "/api/v1/agents/a-1/ringing", null).body()).findValuesAsText("callId"))
        .doesNotContain("inbound-call:" + wacid);
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/calls"))
        .withRequestBody(matchingJsonPath("$.action", com.github.tomakehurst.wiremock.client.WireMock.equalTo("pre_accept"))));
  }

  @Test
  void aStaleConnectIsStoredButRingsNobody() throws Exception {
    assertThat(signedWebhook(connect(wacid, Instant.now().minus(Duration.ofHours(1)))).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(jdbc.sql("SELECT status FROM webhook_events WHERE dedupe_key = :k").param("k", "call:" + wacid + ":connect")
            .query(String.class).single()).isEqualTo("IGNORED"));
    assertThat(send("GET", "/api/v1/calls/inbound-call:" + wacid, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aStatusOfACallThatIsNotOursIsIgnoredOnceItIsOld() throws Exception {
    String status = envelope("""
        {"statuses":[{"id":"%s","type":"call","status":"ACCEPTED","timestamp":"%d","recipient_id":"5521987650001"}]}"""
        .formatted(wacid, Instant.now().minus(Duration.ofMinutes(5)).getEpochSecond()));
    assertThat(signedWebhook(status).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(jdbc.sql("SELECT last_error FROM webhook_events WHERE dedupe_key = :k AND status = 'IGNORED'")
            .param("k", "callstatus:" + wacid + ":ACCEPTED").query(String.class).optional())
            .hasValueSatisfying(reason -> assertThat(reason).contains("no call of ours")));
  }

  @Test
  void aRingingStatusIsStoredButSignalsNoWorkflow() throws Exception {
    String status = envelope("""
        {"statuses":[{"id":"%s","type":"call","status":"RINGING","timestamp":"%d","recipient_id":"5521987650001",
                      "biz_opaque_callback_data":"outbound-call:ringing-%s"}]}"""
        .formatted(wacid, Instant.now().getEpochSecond(), wacid));
    assertThat(signedWebhook(status).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(jdbc.sql("SELECT last_error FROM webhook_events WHERE dedupe_key = :k AND status = 'IGNORED'")
            .param("k", "callstatus:" + wacid + ":RINGING").query(String.class).optional())
            .hasValueSatisfying(reason -> assertThat(reason).contains("not signalled")));
  }

  static String connect(String wacid, Instant at) {
    return connect(PHONE, wacid, at);
  }

  /** Meta's signed connect of a user-initiated call from 5521987650001 to {@code phoneNumberId}. */
  static String connect(String phoneNumberId, String wacid, Instant at) {
    return envelope("""
        {"contacts":[{"profile":{"name":"Maria"},"wa_id":"5521987650001"}],
         "calls":[{"id":"%s","from":"5521987650001","to":"5511955550123","event":"connect","timestamp":"%d",
                   "direction":"USER_INITIATED","session":{"sdp_type":"offer","sdp":"v=0\\r\\n"}}]}"""
        .formatted(wacid, at.getEpochSecond()), phoneNumberId);
  }

  static String terminate(String wacid, Instant at) {
    return terminate(PHONE, wacid, at);
  }

  static String terminate(String phoneNumberId, String wacid, Instant at) {
    return envelope("""
        {"calls":[{"id":"%s","from":"5521987650001","to":"5511955550123","event":"terminate","timestamp":"%d",
                   "direction":"USER_INITIATED","status":"Failed"}]}""".formatted(wacid, at.getEpochSecond()), phoneNumberId);
  }

  private static String envelope(String value) {
    return envelope(value, PHONE);
  }

  private static String envelope(String value, String phoneNumberId) {
    String inner = value.trim().substring(1);
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{"field":"calls",
         "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955550123",
         "phone_number_id":"%s"},%s}]}]}""".formatted(phoneNumberId, inner);
  }

}
