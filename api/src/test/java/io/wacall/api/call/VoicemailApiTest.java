package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.api.webhook.CallMediaEvent;
import io.wacall.api.webhook.CallMediaRouter;
import io.wacall.api.webhook.WebhookEventRouter;
import io.wacall.workflows.media.MediaKind;
import io.wacall.backend.media.MediaChecksums;
import io.wacall.backend.temporal.TemporalProperties;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Voicemail (docs/meta-cloud-api.md#voicemail), through the real adapter: after a missed call the
 * caller's voicemail arrives as a signed {@code audio} message whose id is the call's wacid; wacall
 * fetches the audio by id, checks it, keeps it once, links it to the missed call (its record and the
 * customer's conversation log) and serves it. An ordinary audio message is no voicemail.
 */
class VoicemailApiTest extends ApiHttpTest {
  static final String PHONE = "106540352240077";
  static final String CUSTOMER = "5521987650001";

  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient workflowClient;
  String wacid;
  String id;

  @BeforeEach
  void aMissedCall() throws Exception {
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE,
        "{\"displayNumber\":\"+5511955550177\",\"ringTimeoutSeconds\":30}").statusCode()).isEqualTo(200);
    wacid = "wacid.VOICEMAIL" + System.nanoTime();
    id = "inbound-call:" + wacid;
    // the caller gives up before anyone answers
    assertThat(signedWebhook(CallRoutingTest.connect(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    assertThat(signedWebhook(CallRoutingTest.terminate(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(call().path("status").asText()).isEqualTo("ENDED"));
  }

  @Test
  void theVoicemailOfAMissedCallIsFetchedCheckedKeptOnceAndServed() throws Exception {
    byte[] ogg = resource("/media/recording.ogg");
    String mediaId = "vm" + System.nanoTime();
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + mediaId)).willReturn(okJson("""
        {"messaging_product":"whatsapp","url":"%s/media/%s.ogg","mime_type":"audio/ogg","id":"%s"}"""
        .formatted(meta.baseUrl(), mediaId, mediaId))));
    meta.stubFor(get(urlPathEqualTo("/media/" + mediaId + ".ogg")).withHeader("Authorization", equalTo("Bearer meta-test-token"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "audio/ogg").withBody(ogg)));
    String sha256 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(MediaChecksums.sha256Hex(ogg)));

    String webhook = audioMessage(wacid, mediaId, sha256);
    assertThat(signedWebhook(webhook).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> voicemail = await().atMost(Duration.ofSeconds(20)).until(
        () -> bytes("/api/v1/calls/" + id + "/voicemail"), r -> r.statusCode() == 200);
    assertThat(voicemail.headers().firstValue("Content-Type")).hasValue("audio/ogg");
    assertThat(voicemail.body()).isEqualTo(ogg);
    assertThat(call().path("media").toString()).isEqualTo("[\"VOICEMAIL\"]");
    assertThat(jdbc.sql("SELECT count(*) FROM conversation_events WHERE call_id = :id AND kind = 'VOICEMAIL'")
        .param("id", id).query(Integer.class).single()).isEqualTo(1);
    JsonNode log = json.readTree(send("GET", "/api/v1/conversations/" + PHONE + "/" + CUSTOMER + "/events", null).body());
    assertThat(log.toString()).contains("VOICEMAIL");

    // Meta delivers it again: nothing is fetched a second time
    assertThat(signedWebhook(webhook).statusCode()).isEqualTo(200);
    Thread.sleep(1_000);
    meta.verify(1, getRequestedFor(urlPathEqualTo("/media/" + mediaId + ".ogg")));
  }

  @Test
  void anAudioMessageThatIsNotACallsIsNoVoicemail() throws Exception {
    String wamid = "wamid.AUDIO" + System.nanoTime();
    assertThat(signedWebhook(audioMessage(wamid, "plain" + System.nanoTime(), null)).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(jdbc.sql(
            "SELECT kind || ' ' || status FROM webhook_events WHERE dedupe_key = :k")
        .param("k", "msg:" + wamid).query(String.class).single()).isEqualTo("INBOUND_MESSAGE IGNORED"));
    assertThat(bytes("/api/v1/calls/" + id + "/voicemail").statusCode()).isEqualTo(404);
  }

  @Test
  void withVoicemailOffAVoicemailIsIgnoredAndNoWorkflowStarts() {
    CallMediaRouter off = new CallMediaRouter(workflowClient, new TemporalProperties("unused"), false);

    WebhookEventRouter.RouteResult result = off.route(new CallMediaEvent(PHONE, wacid, MediaKind.VOICEMAIL, CUSTOMER,
        Instant.now(), "vm-off", null, "audio/ogg", null));

    assertThat(result.outcome()).isEqualTo(WebhookEventRouter.RouteResult.Outcome.IGNORED);
    assertThat(result.reason()).isEqualTo("voicemail is off (wacall.voicemail.enabled)");
    assertThatThrownBy(() -> workflowClient.newUntypedWorkflowStub("call-media:voicemail:" + wacid).describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  /** Meta's audio message webhook; a voicemail's id is the call's wacid. */
  static String audioMessage(String id, String mediaId, String sha256) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{"field":"messages",
         "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955550177",
         "phone_number_id":"%s"},"contacts":[{"profile":{"name":"Maria"},"wa_id":"%s"}],
         "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"audio",
           "audio":{"mime_type":"audio/ogg; codecs=opus",%s"id":"%s","voice":true}}]}}]}]}"""
        .formatted(PHONE, CUSTOMER, CUSTOMER, id, Instant.now().getEpochSecond(),
            sha256 == null ? "" : "\"sha256\":\"" + sha256 + "\",", mediaId);
  }

  private JsonNode call() throws Exception {
    return json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
  }

  private HttpResponse<byte[]> bytes(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + ApiTestSupport.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] resource(String name) throws Exception {
    try (var in = VoicemailApiTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
