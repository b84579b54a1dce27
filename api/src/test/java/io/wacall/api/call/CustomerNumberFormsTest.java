package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A customer's number written with '+' or separators is the same customer as its wa_id (digits):
 * one CallPermission, one conversation log, whatever form the CRM sends (issue 10, bug 4). Over
 * real HTTP: the API and the worker, the Temporal test server, PostgreSQL, Meta as WireMock.
 */
class CustomerNumberFormsTest extends ApiHttpTest {
  static final String PHONE = "106540352249921";
  static final String WA_ID = "5521987650001";
  static final String AGENT = "numbers-agent";
  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";

  @Autowired PermissionWorkflows permissions;
  String wacid;

  @BeforeEach
  void setUp() throws Exception {
    wacid = "wacid.NUMBERS" + System.nanoTime();
    meta.resetAll();
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls")).willReturn(okJson(
        "{\"messaging_product\":\"whatsapp\",\"success\":true,\"calls\":[{\"id\":\"" + wacid + "\"}]}")));
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE, "{\"displayNumber\":\"+5511955550123\"}")
        .statusCode()).isEqualTo(200);
    asOperator("PUT", "/api/v1/agents/" + AGENT, "{\"name\":\"Nina\",\"defaultChannel\":\"WEB_APP\",\"available\":true}");
  }

  @Test
  void aCallToAPlusAndSeparatorsNumber_filesItsUnansweredNoticeOnTheSamePermission() throws Exception {
    // the customer granted a permanent permission: the pair is the wa_id, digits only
    permissions.signalWithStart(PHONE, WA_ID, wf -> wf::permissionReply, new PermissionReply("wamid.grant-numbers",
        Instant.now(), ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null));
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(permission(WA_ID).path("callable").asBoolean()).isTrue());

    String requestId = "numbers-" + System.nanoTime();
    String id = WorkflowIds.outboundCall(requestId);
    HttpResponse<String> placed = send("POST", "/api/v1/calls", """
        {"requestId":"%s","phoneNumberId":"%s","to":"+55 21 98765-0001","agentId":"%s","sdpOffer":"%s",
         "ringTimeoutSeconds":60}""".formatted(requestId, PHONE, AGENT, SDP));
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);

    // the customer rejects; Meta's terminate follows
    long now = Instant.now().getEpochSecond();
    assertThat(signedWebhook(envelope("""
        {"statuses":[{"id":"%s","type":"call","status":"REJECTED","timestamp":"%d","recipient_id":"%s",
                      "biz_opaque_callback_data":"%s"}]}""".formatted(wacid, now, WA_ID, id))).statusCode())
        .isEqualTo(200);
    assertThat(signedWebhook(envelope("""
        {"calls":[{"id":"%s","from":"5511955550123","to":"%s","event":"terminate","timestamp":"%d",
                   "direction":"BUSINESS_INITIATED","status":"FAILED","biz_opaque_callback_data":"%s"}]}"""
        .formatted(wacid, WA_ID, now + 1, id))).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode call = json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
      assertThat(call.path("status").asText()).isEqualTo("ENDED");
      assertThat(call.path("outcome").asText()).isEqualTo("REJECTED");
    });
    // the unanswered notice landed on the pair that was checked, and every form of the number reads it
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(permission(WA_ID).path("consecutiveUnanswered").asInt()).isEqualTo(1));
    JsonNode plus = permission("+" + WA_ID);
    assertThat(plus.path("waId").asText()).isEqualTo(WA_ID);
    assertThat(plus.path("consecutiveUnanswered").asInt()).isEqualTo(1);
    assertThat(plus.path("status").asText()).isEqualTo("PERMANENT");

    JsonNode log = json.readTree(send("GET", "/api/v1/conversations/" + PHONE + "/+" + WA_ID + "/events", null).body());
    assertThat(log.path("waId").asText()).isEqualTo(WA_ID);
    assertThat(log.path("items").findValuesAsText("callId")).contains(id);
    JsonNode list = json.readTree(send("GET", "/api/v1/calls?phoneNumberId=" + PHONE + "&customer=%2B" + WA_ID, null).body());
    assertThat(list.path("items").findValuesAsText("id")).contains(id);
    // Meta was asked to call the wa_id, and the call shows it
    meta.verify(postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/calls"))
        .withRequestBody(matchingJsonPath("$.action", equalTo("connect")))
        .withRequestBody(matchingJsonPath("$.to", equalTo(WA_ID))));
    assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("customer").asText()).isEqualTo(WA_ID);
  }

  @Test
  void aNumberThatCannotBeAWaId_is400InvalidPhoneNumber_andNothingIsSent() throws Exception {
    HttpResponse<String> letters = send("POST", "/api/v1/calls", """
        {"requestId":"numbers-bad-%d","phoneNumberId":"%s","to":"+55 21 CALL-ME","agentId":"%s","sdpOffer":"%s"}"""
        .formatted(System.nanoTime(), PHONE, AGENT, SDP));
    assertInvalidNumber(letters, "to");
    assertInvalidNumber(send("GET", "/api/v1/permissions/" + PHONE + "/12345", null), "waId");
    assertInvalidNumber(send("POST", "/api/v1/permissions/" + PHONE + "/+0044207946000/requests", "{}"), "waId");
    assertInvalidNumber(send("GET", "/api/v1/conversations/" + PHONE + "/1234567890123456/events", null), "waId");
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/calls")));
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/messages")));
  }

  private void assertInvalidNumber(HttpResponse<String> response, String field) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("code").asText()).isEqualTo("INVALID_PHONE_NUMBER");
    assertThat(problem.path("errors").findValuesAsText("field")).containsExactly(field);
  }

  private JsonNode permission(String number) throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/permissions/" + PHONE + "/" + number, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static String envelope(String value) {
    String inner = value.trim().substring(1);
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{"field":"calls",
         "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955550123",
         "phone_number_id":"%s"},%s}]}]}""".formatted(PHONE, inner);
  }
}
