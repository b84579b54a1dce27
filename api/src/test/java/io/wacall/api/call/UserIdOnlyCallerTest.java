package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A caller WhatsApp knows to the business only by a business-scoped user id (a username hides the
 * phone number; docs/meta-cloud-api.md#business-scoped-user-ids): the connect and terminate carry
 * {@code from_user_id} and no {@code from}. The call still rings, is answered, ends and is recorded,
 * under the user id; it is free, as every customer-initiated call is.
 */
class UserIdOnlyCallerTest extends ApiHttpTest {
  static final String PHONE = "106540352247001";
  static final String USER_ID = "US.13491208655302741918";
  static final String AGENT = "a-bsuid";
  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";

  @Autowired JdbcClient jdbc;

  @BeforeEach
  void setUp() throws Exception {
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls"))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}")));
    asOperator("PUT", "/api/v1/phone-numbers/" + PHONE, "{\"displayNumber\":\"+5511955557001\",\"ringTimeoutSeconds\":20}");
    asOperator("PUT", "/api/v1/agents/" + AGENT, "{\"name\":\"Bia\",\"defaultChannel\":\"WEB_APP\",\"available\":true}");
    asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group", "{\"members\":[\"" + AGENT + "\"]}");
  }

  @Test
  void aCallerKnownOnlyByAUserIdRingsIsAnsweredAndIsRecordedUnderThatId() throws Exception {
    String wacid = "wacid.BSUID" + System.nanoTime();
    String id = "inbound-call:" + wacid;
    Instant at = Instant.now();
    assertThat(signedWebhook(envelope("""
        {"contacts":[{"profile":{"name":"Ana"},"username":"@ana.costa","user_id":"%s"}],
         "calls":[{"id":"%s","from_user_id":"%s","to":"5511955557001","event":"connect","timestamp":"%d",
                   "direction":"USER_INITIATED","session":{"sdp_type":"offer","sdp":"v=0\\r\\n"}}]}"""
        .formatted(USER_ID, wacid, USER_ID, at.getEpochSecond()))).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(json.readTree(
        send("GET", "/api/v1/calls/" + id, null).body()).path("ringing").path("agentId").asText()).isEqualTo(AGENT));
    JsonNode ringing = json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
    assertThat(ringing.path("customer").asText()).isEqualTo(USER_ID);

    HttpResponse<String> answered = send("POST", "/api/v1/calls/" + id + "/answer",
        "{\"agentId\":\"" + AGENT + "\",\"sdpAnswer\":\"" + SDP + "\"}");
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(signedWebhook(envelope("""
        {"calls":[{"id":"%s","from_user_id":"%s","to":"5511955557001","event":"terminate","timestamp":"%d",
                   "direction":"USER_INITIATED","status":"COMPLETED","start_time":"%d","end_time":"%d","duration":42}]}"""
        .formatted(wacid, USER_ID, at.plusSeconds(45).getEpochSecond(), at.plusSeconds(3).getEpochSecond(),
            at.plusSeconds(45).getEpochSecond()))).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode call = json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
      assertThat(call.path("status").asText()).isEqualTo("ENDED");
      assertThat(call.path("outcome").asText()).isEqualTo("COMPLETED");
      assertThat(call.path("customer").asText()).isEqualTo(USER_ID);
    });
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.sql(
            "SELECT amount FROM billing_charges WHERE call_id = :id").param("id", id).query(java.math.BigDecimal.class)
        .optional()).hasValueSatisfying(amount -> assertThat(amount).isZero()));
    assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE dedupe_key LIKE :k AND status = 'FAILED'")
        .param("k", "call:" + wacid + ":%").query(Long.class).single()).isZero();
  }

  private static String envelope(String value) {
    String inner = value.trim().substring(1);
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{"field":"calls",
         "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955557001",
         "phone_number_id":"%s"},%s}]}]}""".formatted(PHONE, inner);
  }
}
