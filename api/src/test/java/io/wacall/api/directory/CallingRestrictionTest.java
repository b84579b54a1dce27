package io.wacall.api.directory;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.wacall.api.call.CallWorkflows;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.failure.FailureTypes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Meta's quality restrictions of calling (issue 13), through the real adapter: a signed
 * {@code account_update} webhook over HTTP becomes the number's restriction; while business-initiated
 * calling is paused, an outbound call and a permission request are refused 422
 * {@code CALLING_RESTRICTED} with the time it ends, and nothing reaches Meta; operators read it;
 * past its expiry it no longer refuses anything.
 */
class CallingRestrictionTest extends ApiHttpTest {
  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";

  @Autowired JdbcClient jdbc;
  @Autowired CallWorkflows callWorkflows;

  @Test
  void aPauseOfBusinessInitiatedCalling_refusesCallsAndRequestsBeforeMeta_untilItEnds() throws Exception {
    String phone = "1065403522" + (System.nanoTime() % 100_000);
    String display = "55119" + String.format("%08d", System.nanoTime() % 100_000_000);
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + phone, "{\"displayNumber\":\"+" + display + "\"}")
        .statusCode()).isEqualTo(200);
    asOperator("PUT", "/api/v1/agents/restricted-agent", "{\"name\":\"Rui\",\"defaultChannel\":\"WEB_APP\",\"available\":true}");
    Instant until = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
    meta.resetAll();

    // Meta names the number by its display number, as in its account_update samples
    HttpResponse<String> webhook = signedWebhook(accountUpdate(display, "RESTRICTED_BUSINESS_INITIATED_CALLING", until));
    assertThat(webhook.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode restrictions = json.readTree(send("GET", "/api/v1/phone-numbers/" + phone + "/restrictions", null).body());
      assertThat(restrictions.path("restrictions")).hasSize(1);
      assertThat(restrictions.path("restrictions").get(0).path("kind").asText()).isEqualTo("BUSINESS_INITIATED");
      assertThat(Instant.parse(restrictions.path("restrictions").get(0).path("expiresAt").asText())).isEqualTo(until);
    });

    HttpResponse<String> call = send("POST", "/api/v1/calls", """
        {"requestId":"restricted-%d","phoneNumberId":"%s","to":"5521987650001","agentId":"restricted-agent",
         "sdpOffer":"%s"}""".formatted(System.nanoTime(), phone, SDP));
    assertRestricted(call, until);
    HttpResponse<String> request = send("POST", "/api/v1/permissions/" + phone + "/5521987650001/requests", "{}");
    assertRestricted(request, until);
    // a service that starts the workflow through Temporal, not the API, is refused by the run's check
    WorkflowUpdateException direct = catchThrowableOfType(() -> callWorkflows.placeOutbound(new OutboundCallInput(
        "restricted-direct-" + System.nanoTime(), phone, "5521987650001", "restricted-agent", SDP.replace("\\r\\n", "\r\n"),
        null), Duration.ofSeconds(20)), WorkflowUpdateException.class);
    assertThat(direct.getCause()).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
      assertThat(failure.getType()).isEqualTo(FailureTypes.CALLING_NOT_AVAILABLE);
      assertThat(failure.getOriginalMessage()).contains("Meta restricted business-initiated calling");
    });
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + phone + "/calls")));
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + phone + "/messages")));

    // the pause ends: nothing is refused for it any more (as at the expiry, moved to the past here)
    jdbc.sql("UPDATE calling_restrictions SET expires_at = now() - interval '1 second' WHERE phone_number_id = :p")
        .param("p", phone).update();
    HttpResponse<String> after = send("POST", "/api/v1/permissions/" + phone + "/5521987650001/requests", "{}");
    assertThat(after.body()).doesNotContain("CALLING_RESTRICTED");
    assertThat(json.readTree(send("GET", "/api/v1/phone-numbers/" + phone + "/restrictions", null).body())
        .path("restrictions")).isEmpty();
  }

  @Test
  void anAccountUpdateWithoutACallingRestriction_isStoredAndIgnored() throws Exception {
    String display = "5511966" + (System.nanoTime() % 100_000);
    HttpResponse<String> webhook = signedWebhook(accountUpdate(display, "RESTRICTED_ADD_PHONE_NUMBER_ACTION",
        Instant.now().plus(Duration.ofDays(1))));
    assertThat(webhook.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.sql("""
            SELECT status FROM webhook_events WHERE kind = 'ACCOUNT_UPDATE' AND payload::text LIKE :d""")
        .param("d", "%" + display + "%").query(String.class).single()).isEqualTo("IGNORED"));
  }

  private static void assertRestricted(HttpResponse<String> response, Instant until) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    assertThat(problem.path("code").asText()).isEqualTo("CALLING_RESTRICTED");
    assertThat(Instant.parse(problem.path("restrictedUntil").asText())).isEqualTo(until);
    assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(Duration.ofDays(7).minusMinutes(1).toSeconds(), Duration.ofDays(7).toSeconds());
  }

  /** Meta's {@code account_update} of a number's calling restriction. */
  private static String accountUpdate(String displayDigits, String restrictionType, Instant expiration) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","time":%d,"changes":[{
          "field":"account_update",
          "value":{"phone_number":"%s","event":"ACCOUNT_RESTRICTION",
                   "restriction_info":[{"restriction_type":"%s","expiration":%d}]}}]}]}"""
        .formatted(Instant.now().getEpochSecond(), displayDigits, restrictionType, expiration.getEpochSecond());
  }
}
