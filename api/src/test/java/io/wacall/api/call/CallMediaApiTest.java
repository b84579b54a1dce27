package io.wacall.api.call;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.backend.media.MediaChecksums;
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
 * Meta's {@code call_recording_available} and {@code call_transcription_available} webhooks through
 * the real adapter (signed, over HTTP) into the CallMedia workflow, which asks Meta (WireMock) for a
 * fresh URL, downloads the file with the token, checks its SHA-256 (base64 as in Meta's samples, or
 * hex) and stores it (the local folder store); then the API serves it to services and the call's agent.
 */
class CallMediaApiTest extends ApiHttpTest {
  static final String PHONE = "106540352240016";
  static final String AGENT = "media-agent";
  static final String OTHER = "media-other";
  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";

  @Autowired JdbcClient jdbc;
  String wacid;
  String id;
  String agentToken;

  @BeforeEach
  void anAnsweredCallThatEnded() throws Exception {
    meta.resetAll();
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/calls"))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}")));
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE,
        "{\"displayNumber\":\"+5511955550123\",\"ringTimeoutSeconds\":30}").statusCode()).isEqualTo(200);
    for (String agent : new String[] {AGENT, OTHER}) {
      assertThat(asOperator("PUT", "/api/v1/agents/" + agent, "{\"name\":\"" + agent + "\"}").statusCode()).isEqualTo(200);
    }
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group",
        "{\"members\":[\"" + AGENT + "\"]}").statusCode()).isEqualTo(200);
    agentToken = mint(AGENT);
    wacid = "wacid.MEDIA" + System.nanoTime();
    id = "inbound-call:" + wacid;
    assertThat(signedWebhook(CallRoutingTest.connect(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(call().path("ringing").path("agentId").asText()).isEqualTo(AGENT));
    HttpResponse<String> answered = send("POST", "/api/v1/calls/" + id + "/answer", "{\"sdpAnswer\":\"" + SDP + "\"}",
        agentToken);
    assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    assertThat(signedWebhook(CallRoutingTest.terminate(PHONE, wacid, Instant.now())).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(call().path("status").asText()).isEqualTo("ENDED"));
  }

  @Test
  void aRecordingIsFetchedWithAFreshUrl_checked_storedOnce_andStreamedToServicesAndTheCallsAgent() throws Exception {
    byte[] ogg = resource("/media/recording.ogg");
    String mediaId = "rec" + System.nanoTime();
    stubMedia(mediaId, "/media/" + mediaId + ".ogg", ogg, "audio/ogg");
    // Meta's samples give the SHA-256 in base64
    String sha256 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(MediaChecksums.sha256Hex(ogg)));

    String webhook = recordingAvailable(PHONE, wacid, mediaId, sha256);
    assertThat(signedWebhook(webhook).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> recording = await().atMost(Duration.ofSeconds(20)).until(
        () -> bytes("/api/v1/calls/" + id + "/recording", ApiTestSupport.TOKEN), r -> r.statusCode() == 200);
    assertThat(recording.headers().firstValue("Content-Type")).hasValue("audio/ogg");
    assertThat(recording.body()).isEqualTo(ogg);
    // the call's agent may hear it; another agent and an operator may not
    assertThat(bytes("/api/v1/calls/" + id + "/recording", agentToken).body()).isEqualTo(ogg);
    assertThat(bytes("/api/v1/calls/" + id + "/recording", mint(OTHER)).statusCode()).isEqualTo(403);
    assertThat(bytes("/api/v1/calls/" + id + "/recording", ApiTestSupport.OPERATOR_TOKEN).statusCode()).isEqualTo(403);
    // the call's record says it has a recording, and the conversation log has the entry
    assertThat(call().path("media").toString()).isEqualTo("[\"RECORDING\"]");
    assertThat(call().path("capture").isNull()).as("nothing was asked of Meta for this call").isTrue();
    assertThat(jdbc.sql("SELECT count(*) FROM call_media WHERE wacid = :w AND kind = 'RECORDING' AND call_id = :id")
        .param("w", wacid).param("id", id).query(Integer.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("SELECT count(*) FROM conversation_events WHERE call_id = :id AND kind = 'CALL_RECORDING_STORED'")
        .param("id", id).query(Integer.class).single()).isEqualTo(1);

    // Meta delivers the webhook again: nothing is fetched or stored a second time
    assertThat(signedWebhook(webhook).statusCode()).isEqualTo(200);
    Thread.sleep(1_000);
    meta.verify(1, getRequestedFor(urlPathEqualTo("/media/" + mediaId + ".ogg")));
    meta.verify(1, getRequestedFor(urlPathEqualTo("/v23.0/" + mediaId)));
    // no transcript was made
    HttpResponse<String> none = send("GET", "/api/v1/calls/" + id + "/transcript", null);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(json.readTree(none.body()).path("code").asText()).isEqualTo("MEDIA_NOT_FOUND");
  }

  @Test
  void aTranscriptWithAHexChecksumIsServedAsTextLanguageAndSegmentsBySpeaker() throws Exception {
    byte[] document = resource("/media/transcript.json");
    String mediaId = "tr" + System.nanoTime();
    stubMedia(mediaId, "/media/" + mediaId + ".json", document, "application/json");

    assertThat(signedWebhook(transcriptionAvailable(PHONE, wacid, mediaId, MediaChecksums.sha256Hex(document))).statusCode())
        .isEqualTo(200);
    HttpResponse<String> transcript = await().atMost(Duration.ofSeconds(20)).until(
        () -> send("GET", "/api/v1/calls/" + id + "/transcript", null, agentToken), r -> r.statusCode() == 200);
    JsonNode body = json.readTree(transcript.body());
    assertThat(body.path("text").asText()).startsWith("Hello, how can I help?");
    assertThat(body.path("language").asText()).isEqualTo("en_US");
    assertThat(body.path("segments").findValuesAsText("speaker")).containsExactly("Business", "Customer");
  }

  @Test
  void bytesThatDoNotMatchMetasChecksumAreNeverStored() throws Exception {
    String mediaId = "bad" + System.nanoTime();
    stubMedia(mediaId, "/media/" + mediaId + ".ogg", "not the recording".getBytes(), "audio/ogg");
    String sha256 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
        MediaChecksums.sha256Hex(resource("/media/recording.ogg"))));

    assertThat(signedWebhook(recordingAvailable(PHONE, wacid, mediaId, sha256)).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        meta.verify(getRequestedFor(urlPathEqualTo("/media/" + mediaId + ".ogg"))));
    Thread.sleep(1_000);
    assertThat(send("GET", "/api/v1/calls/" + id + "/recording", null).statusCode()).isEqualTo(404);
    assertThat(jdbc.sql("SELECT count(*) FROM call_media WHERE wacid = :w").param("w", wacid)
        .query(Integer.class).single()).isZero();
  }

  @Test
  void theNumbersSettingsAndTheAgentsChoiceDecideWhatAcceptAsksMetaFor() throws Exception {
    HttpResponse<String> bad = asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/call-media",
        "{\"recordCalls\":true,\"announcementLanguage\":\"xx_XX\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(asOperator("PUT", "/api/v1/phone-numbers/106540352249999/call-media", "{}").statusCode()).isEqualTo(404);
    assertThat(send("PUT", "/api/v1/phone-numbers/" + PHONE + "/call-media", "{}").statusCode()).isEqualTo(403);
    HttpResponse<String> on = asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/call-media",
        "{\"recordCalls\":true,\"purpose\":\"training\",\"announcementLanguage\":\"pt_BR\"}");
    assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
    try {
      JsonNode settings = json.readTree(send("GET", "/api/v1/phone-numbers/" + PHONE + "/call-media", null).body());
      assertThat(settings.path("recordCalls").asBoolean()).isTrue();
      assertThat(settings.path("transcribeCalls").asBoolean()).isFalse();

      // the number records; this agent also asks for a transcript
      String second = "wacid.MEDIA2x" + System.nanoTime();
      assertThat(signedWebhook(CallRoutingTest.connect(PHONE, second, Instant.now())).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(json.readTree(
          send("GET", "/api/v1/calls/inbound-call:" + second, null).body()).path("ringing").path("agentId").asText())
          .isEqualTo(AGENT));
      HttpResponse<String> answered = send("POST", "/api/v1/calls/inbound-call:" + second + "/answer",
          "{\"sdpAnswer\":\"" + SDP + "\",\"transcribe\":true}", agentToken);
      assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
      JsonNode accept = acceptBody(second);
      assertThat(accept.path("recording").path("status").asText()).isEqualTo("ENABLED");
      assertThat(accept.path("recording").path("purpose").asText()).isEqualTo("training");
      assertThat(accept.path("recording").path("announcement_language").asText()).isEqualTo("pt_BR");
      assertThat(accept.path("transcription").path("status").asText()).isEqualTo("ENABLED");
      // the caller hangs up at once, during Meta's announcement: nothing is made of the call
      assertThat(signedWebhook(CallRoutingTest.terminate(PHONE, second, Instant.now())).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        JsonNode ended = json.readTree(send("GET", "/api/v1/calls/inbound-call:" + second, null).body());
        assertThat(ended.path("status").asText()).isEqualTo("ENDED");
        assertThat(ended.path("capture").path("recording").asBoolean()).isTrue();
        assertThat(ended.path("capture").path("transcription").asBoolean()).isTrue();
        assertThat(ended.path("capture").path("outcome").asText()).isEqualTo("DECLINED_DURING_ANNOUNCEMENT");
      });
    } finally {
      asOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/call-media", "{}");
    }
    // the call answered before the number recorded asked for nothing
    assertThat(acceptBody(wacid).has("recording")).isFalse();
    assertThat(acceptBody(wacid).has("transcription")).isFalse();
  }

  /** The body of the accept wacall sent Meta for the call. */
  private JsonNode acceptBody(String callWacid) throws Exception {
    for (var request : meta.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
        urlPathEqualTo("/v23.0/" + PHONE + "/calls")))) {
      JsonNode body = json.readTree(request.getBodyAsString());
      if (body.path("action").asText().equals("accept") && body.path("call_id").asText().equals(callWacid)) {
        return body;
      }
    }
    throw new AssertionError("no accept of " + callWacid);
  }

  /** Meta's {@code GET /{media-id}} answering a fresh URL on the stub, and that URL the file (token required). */
  private void stubMedia(String mediaId, String path, byte[] bytes, String type) {
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + mediaId)).willReturn(okJson("""
        {"messaging_product":"whatsapp","url":"%s%s","mime_type":"%s","file_size":%d,"id":"%s"}"""
        .formatted(meta.baseUrl(), path, type, bytes.length, mediaId))));
    meta.stubFor(get(urlPathEqualTo(path))
        .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer meta-test-token"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", type).withBody(bytes)));
  }

  /** Meta's {@code call_recording_available} sample's shape. */
  static String recordingAvailable(String phone, String wacid, String mediaId, String sha256) {
    return media(phone, wacid, "call_recording_available", "\"call_recording\":{\"audio\":{\"id\":\"" + mediaId
        + "\",\"sha256\":\"" + sha256 + "\",\"mime_type\":\"audio/ogg; codecs=opus\",\"url\":\"https://lookaside.example/"
        + mediaId + "\"}}");
  }

  /** Meta's {@code call_transcription_available} sample's shape. */
  static String transcriptionAvailable(String phone, String wacid, String mediaId, String sha256) {
    return media(phone, wacid, "call_transcription_available", "\"call_transcript\":{\"document\":{\"id\":\"" + mediaId
        + "\",\"sha256\":\"" + sha256 + "\",\"mime_type\":\"application/json\",\"url\":\"https://lookaside.example/"
        + mediaId + "\"}}");
  }

  private static String media(String phone, String wacid, String event, String object) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{"field":"calls",
         "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955550123",
         "phone_number_id":"%s"},
         "calls":[{"id":"%s","from":"5521987650001","to":"5511955550123","event":"%s","timestamp":"%d",
                   "direction":"USER_INITIATED",%s}]}}]}]}"""
        .formatted(phone, wacid, event, Instant.now().getEpochSecond(), object);
  }

  private JsonNode call() throws Exception {
    return json.readTree(send("GET", "/api/v1/calls/" + id, null).body());
  }

  private HttpResponse<byte[]> bytes(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] resource(String name) throws Exception {
    try (var in = CallMediaApiTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  private String mint(String agent) throws Exception {
    HttpResponse<String> minted = send("POST", "/api/v1/agents/" + agent + "/tokens", "{\"ttlSeconds\":600}");
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
    return json.readTree(minted.body()).path("token").asText();
  }
}
