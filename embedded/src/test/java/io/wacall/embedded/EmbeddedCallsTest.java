package io.wacall.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's calls walkthrough on the embedded default: an inbound call that fails over from
 * the primary to a backup, and an outbound call to a customer who granted permission, whose charge
 * reconciles with what the sandbox reports Meta bills. The sandbox plays the customer and sends
 * Meta's signed webhooks.
 */
class EmbeddedCallsTest {
  static final String PHONE = "106540352242922";
  static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
  static final ObjectMapper JSON = new ObjectMapper();
  static RunningEmbedded app;

  @BeforeAll
  static void start() throws Exception {
    app = RunningEmbedded.start("--wacall.sandbox.customer.reply-delay=200ms");
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + PHONE, """
        {"displayNumber":"+5511955550123","ringTimeoutSeconds":5,"wrapUpSeconds":60,
         "callbackRequestsEnabled":true,"dispositionTags":["Resolved","Follow-up Required","No Answer"]}"""));
    for (String agent : new String[] {"a-1", "a-2", "a-3"}) {
      ok(app.callAsOperator("PUT", "/api/v1/agents/" + agent, "{\"name\":\"Agent " + agent + "\",\"defaultChannel\":\"WEB_APP\",\"available\":true}"));
    }
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group", "{\"members\":[\"a-1\",\"a-2\",\"a-3\"]}"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anInboundCallFailsOverFromThePrimaryToABackupWhoAnswers() throws Exception {
    String customer = "5521987650201";
    JsonNode placed = JSON.readTree(ok(call("POST", "/sandbox/customers/" + customer + "/calls",
        "{\"phoneNumberId\":\"" + PHONE + "\",\"talkSeconds\":2}")).body());
    String id = "inbound-call:" + placed.path("callId").asText();

    // the CRM mints a-2's own token (the service token); a-2's client uses it from here on
    HttpResponse<String> minted = call("POST", "/api/v1/agents/a-2/tokens", "{}");
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    String agentToken = JSON.readTree(minted.body()).path("token").asText();

    // the primary is rung first and lets it ring out; then the call rings for a-2
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(JSON.readTree(
        app.callWith(agentToken, "GET", "/api/v1/agents/a-2/ringing", null).body()).findValuesAsText("callId")).contains(id));
    assertThat(JSON.readTree(call("GET", "/api/v1/calls/" + id, null).body()).path("timeline").toString()).contains("a-1");
    assertThat(app.callWith(agentToken, "GET", "/api/v1/agents/a-1/ringing", null).statusCode()).isEqualTo(403);

    HttpResponse<String> answered = app.callWith(agentToken, "POST", "/api/v1/calls/" + id + "/answer",
        JSON.writeValueAsString(java.util.Map.of("sdpAnswer", SDP)));
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode c = JSON.readTree(call("GET", "/api/v1/calls/" + id, null).body());
      assertThat(c.path("status").asText()).isEqualTo("ENDED");
      assertThat(c.path("outcome").asText()).isEqualTo("COMPLETED");
      assertThat(c.path("agentId").asText()).isEqualTo("a-2");
      assertThat(c.path("durationSeconds").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(c.path("charge").path("amount").asText()).isEqualTo("0");
    });
    // the API stores the disposition in the call's record: its wrap-up window opens once the record carries it
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      JsonNode recorded = null;
      for (JsonNode item : JSON.readTree(call("GET", "/api/v1/calls?phoneNumberId=" + PHONE + "&size=500", null).body())
          .path("items")) {
        recorded = item.path("id").asText().equals(id) ? item : recorded;
      }
      assertThat(recorded).isNotNull();
      assertThat(recorded.path("wrapUpEndsAt").isNull()).isFalse();
    });
    assertThat(call("PUT", "/api/v1/calls/" + id + "/disposition", "{\"tag\":\"Sold a yacht\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> disposition = app.callWith(agentToken, "PUT", "/api/v1/calls/" + id + "/disposition",
        "{\"tag\":\"Resolved\"}");
    assertThat(disposition.statusCode()).as(disposition.body()).isEqualTo(200);
    assertThat(JSON.readTree(call("GET", "/api/v1/calls/" + id, null).body()).path("disposition").path("tag").asText())
        .isEqualTo("Resolved");
  }

  @Test
  void anOutboundCallToACustomerWhoGrantedPermissionConnectsAndIsBilled() throws Exception {
    String customer = "5521987650202";
    ok(call("PUT", "/sandbox/customers/" + customer, "{\"permissionReply\":\"ACCEPT_TEMPORARY\",\"callBehaviour\":\"ANSWER\","
        + "\"answerAfterSeconds\":1,\"talkSeconds\":7,\"replyDelaySeconds\":0.2}"));
    String place = JSON.writeValueAsString(java.util.Map.of("requestId", "crm-42-" + customer, "phoneNumberId", PHONE,
        "to", customer, "agentId", "a-1", "sdpOffer", SDP));

    HttpResponse<String> refused = call("POST", "/api/v1/calls", place.replace("crm-42-", "crm-41-"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).path("code").asText()).isEqualTo("PERMISSION_REQUIRED");

    ok(call("POST", "/api/v1/permissions/" + PHONE + "/" + customer + "/requests", "{}"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(JSON.readTree(call("GET", "/api/v1/permissions/" + PHONE + "/" + customer, null).body())
            .path("status").asText()).isEqualTo("TEMPORARY"));

    HttpResponse<String> placed = call("POST", "/api/v1/calls", place);
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
    String id = JSON.readTree(placed.body()).path("id").asText();
    assertThat(id).isEqualTo("outbound-call:crm-42-" + customer);
    assertThat(JSON.readTree(call("POST", "/api/v1/calls", place).body()).path("id").asText()).isEqualTo(id);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode c = JSON.readTree(call("GET", "/api/v1/calls/" + id, null).body());
      assertThat(c.path("outcome").asText()).isEqualTo("COMPLETED");
      assertThat(c.path("charge").path("pulses").asLong()).isEqualTo(2); // 7 s = 2 pulses
    });
    JsonNode permission = JSON.readTree(call("GET", "/api/v1/permissions/" + PHONE + "/" + customer, null).body());
    assertThat(permission.path("requestsInWindow").asInt()).isZero(); // a connected call resets the windows

    // the sandbox bills the call as Meta would, and its call analytics agree with the ledger
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    HttpResponse<String> reconciled = app.callAsOperator("POST", "/api/v1/billing/reconciliations/" + today, null);
    assertThat(reconciled.statusCode()).as(reconciled.body()).isEqualTo(200);
    JsonNode business = null;
    for (JsonNode row : JSON.readTree(reconciled.body()).path("items")) {
      assertThat(row.path("matches").asBoolean()).as(row.toString()).isTrue();
      business = row.path("direction").asText().equals("BUSINESS_INITIATED") ? row : business;
    }
    assertThat(business).as(reconciled.body()).isNotNull();
    assertThat(business.path("metaCalls").asLong()).isPositive().isEqualTo(business.path("ledgerCalls").asLong());
    assertThat(new java.math.BigDecimal(business.path("metaCost").asText())).isPositive()
        .isEqualByComparingTo(business.path("ledgerCost").asText());

    // the metrics endpoint (management port) shows what just happened, next to the Temporal SDK's own metrics
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      String metrics = app.management("/actuator/prometheus").body();
      assertThat(metrics).containsPattern("wacall_calls_total\\{[^}]*direction=\"BUSINESS_INITIATED\"[^}]*outcome=\"COMPLETED\"");
      assertThat(metrics).contains("wacall_permission_requests_total{", "outcome=\"sent\"");
      assertThat(metrics).contains("wacall_webhook_events_received_total{", "wacall_webhook_dispatch_lag_seconds_count{");
      assertThat(metrics).contains("wacall_billing_charges_total{", "wacall_calls_time_to_answer_seconds_count{");
      assertThat(metrics).contains("temporal_");
    });
    JsonNode readiness = JSON.readTree(app.management("/actuator/health/readiness").body());
    assertThat(readiness.path("status").asText()).isEqualTo("UP");
    // Temporal is not part of readiness (webhooks need only the database); operators see it on its own
    assertThat(JSON.readTree(app.management("/actuator/health/temporal").body()).path("status").asText()).isEqualTo("UP");
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    return app.call(method, path, body);
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return response;
  }


}
