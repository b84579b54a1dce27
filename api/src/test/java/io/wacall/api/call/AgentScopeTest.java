package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
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

/**
 * An agent acts only on the calls ringing for it and its own calls, with the agent id its token
 * carries (OWASP API #1: no object reached by putting another id in the request).
 */
class AgentScopeTest extends ApiHttpTest {
  static final String PHONE = "106540352240002";
  static final String PRIMARY = "scope-primary";
  static final String BACKUP = "scope-backup";
  static final String CUSTOMER = "5521987650001";
  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";

  String wacid;
  String id;
  String primary;
  String backup;

  @BeforeEach
  void ringingForThePrimary() throws Exception {
    meta.resetAll();
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls"))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}")));
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE,
        "{\"displayNumber\":\"+5511955550123\",\"ringTimeoutSeconds\":30,\"dispositionTags\":[\"Resolved\"]}").statusCode())
        .isEqualTo(200);
    for (String agent : new String[] {PRIMARY, BACKUP}) {
      assertThat(asOperator("PUT", "/api/v1/agents/" + agent, "{\"name\":\"" + agent + "\"}").statusCode()).isEqualTo(200);
    }
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group",
        "{\"members\":[\"" + PRIMARY + "\",\"" + BACKUP + "\"]}").statusCode()).isEqualTo(200);
    primary = mint(PRIMARY);
    backup = mint(BACKUP);

    wacid = "wacid.SCOPE" + System.nanoTime();
    id = "inbound-call:" + wacid;
    assertThat(signedWebhook(CallRoutingTest.connect(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(ringingAgent()).isEqualTo(PRIMARY));
  }

  @Test
  void anAgentCannotAnswerACallRingingForAnotherAgent() throws Exception {
    HttpResponse<String> byBackup = send("POST", "/api/v1/calls/" + id + "/answer", "{\"sdpAnswer\":\"" + SDP + "\"}", backup);
    assertForbidden(byBackup);
    HttpResponse<String> posingAsPrimary = send("POST", "/api/v1/calls/" + id + "/answer",
        "{\"agentId\":\"" + PRIMARY + "\",\"sdpAnswer\":\"" + SDP + "\"}", backup);
    assertForbidden(posingAsPrimary);
    assertForbidden(send("POST", "/api/v1/calls/" + id + "/decline", "{}", backup));
    assertForbidden(send("GET", "/api/v1/calls/" + id, null, backup));
    assertForbidden(send("GET", "/api/v1/agents/" + PRIMARY + "/ringing", null, backup));
    // the backup may read the customer's permission: it is in the number's ring group, whose customers it may
    // call (the console's outbound panel); the call itself stays out of its reach
    assertThat(send("GET", "/api/v1/permissions/" + PHONE + "/" + CUSTOMER, null, backup).statusCode()).isEqualTo(200);

    // the call keeps ringing for the right agent, and nothing reached Meta
    JsonNode call = json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
    assertThat(call.path("status").asText()).isEqualTo("RINGING");
    assertThat(call.path("ringing").path("agentId").asText()).isEqualTo(PRIMARY);
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/calls")));
    assertThat(json.readTree(send("GET", "/api/v1/agents/" + PRIMARY + "/ringing", null, primary).body())
        .findValuesAsText("callId")).contains(id);
  }

  @Test
  void theRungAgentAnswersAsItselfAndOnlyItHangsUpAndSetsTheDisposition() throws Exception {
    assertThat(send("GET", "/api/v1/calls/" + id, null, primary).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/permissions/" + PHONE + "/" + CUSTOMER, null, primary).statusCode()).isEqualTo(200);

    HttpResponse<String> answered = send("POST", "/api/v1/calls/" + id + "/answer", "{\"sdpAnswer\":\"" + SDP + "\"}", primary);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("agentId").asText()).isEqualTo(PRIMARY));

    assertForbidden(send("POST", "/api/v1/calls/" + id + "/hangup", "{}", backup));
    HttpResponse<String> hungUp = send("POST", "/api/v1/calls/" + id + "/hangup", "{}", primary);
    assertThat(hungUp.statusCode()).as(hungUp.body()).isEqualTo(200);
    assertThat(signedWebhook(CallRoutingTest.terminate(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("status").asText()).isEqualTo("ENDED"));
    // the API stores the disposition in the call's record: its window opens once the record has wrapUpEndsAt
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(recorded().path("wrapUpEndsAt").isNull()).isFalse());
    assertForbidden(send("PUT", "/api/v1/calls/" + id + "/disposition", "{\"tag\":\"Resolved\"}", backup));
    HttpResponse<String> disposition = send("PUT", "/api/v1/calls/" + id + "/disposition", "{\"tag\":\"Resolved\"}", primary);
    assertThat(disposition.statusCode()).as(disposition.body()).isEqualTo(200);
    assertThat(json.readTree(disposition.body()).path("disposition").path("setBy").asText()).isEqualTo(PRIMARY);
    assertThat(json.readTree(send("GET", "/api/v1/calls/" + id, null, primary).body()).path("disposition").path("tag").asText())
        .isEqualTo("Resolved");

    // an agent's list holds its own calls only, and it cannot ask for another agent's
    JsonNode mine = json.readTree(send("GET", "/api/v1/calls?phoneNumberId=" + PHONE, null, primary).body());
    assertThat(mine.path("items").findValuesAsText("agentId")).isNotEmpty().containsOnly(PRIMARY);
    assertThat(json.readTree(send("GET", "/api/v1/calls?phoneNumberId=" + PHONE, null, backup).body())
        .path("items").findValuesAsText("id")).doesNotContain(id);
    assertForbidden(send("GET", "/api/v1/calls?agentId=" + PRIMARY, null, backup));
  }

  @Test
  void anAgentPlacesCallsOnlyAsItselfAndSetsOnlyItsOwnAvailability() throws Exception {
    assertForbidden(send("POST", "/api/v1/calls", """
        {"requestId":"scope-%d","phoneNumberId":"%s","to":"%s","agentId":"%s","sdpOffer":"%s"}"""
        .formatted(System.nanoTime(), PHONE, CUSTOMER, PRIMARY, SDP), backup));
    assertForbidden(send("PUT", "/api/v1/agents/" + PRIMARY + "/availability", "{\"available\":false}", backup));

    HttpResponse<String> away = send("PUT", "/api/v1/agents/" + BACKUP + "/availability", "{\"available\":false}", backup);
    assertThat(away.statusCode()).as(away.body()).isEqualTo(200);
    assertThat(json.readTree(away.body()).path("available").asBoolean()).isFalse();
    assertThat(json.readTree(send("GET", "/api/v1/agents/" + BACKUP, null, backup).body()).path("available").asBoolean())
        .isFalse();
  }

  /** The call as its record in the read model has it (the list reads only the read model). */
  private JsonNode recorded() throws Exception {
    for (JsonNode item : json.readTree(send("GET", "/api/v1/calls?phoneNumberId=" + PHONE + "&size=500", null).body()).path("items")) {
      if (item.path("id").asText().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("no record of " + id);
  }

  private String ringingAgent() throws Exception {
    return json.readTree(send("GET", "/api/v1/calls/" + id, null).body()).path("ringing").path("agentId").asText();
  }

  private String mint(String agent) throws Exception {
    HttpResponse<String> minted = send("POST", "/api/v1/agents/" + agent + "/tokens", "{\"ttlSeconds\":600}");
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    JsonNode body = json.readTree(minted.body());
    assertThat(Instant.parse(body.path("expiresAt").asText())).isBetween(Instant.now().plusSeconds(500), Instant.now().plusSeconds(700));
    return body.path("token").asText();
  }

  private void assertForbidden(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("FORBIDDEN");
  }
}
