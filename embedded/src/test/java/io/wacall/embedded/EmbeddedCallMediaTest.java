package io.wacall.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.backend.media.MediaProperties;
import io.wacall.backend.media.S3MediaStore;
import io.wacall.testsupport.S3MockProcess;
import io.wacall.workflows.media.MediaKind;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recording flow end to end on the embedded service with the S3 store against an S3-compatible
 * server (S3Mock, its own process): a business number that records and transcribes, a sandbox
 * customer's call an agent answers, the sandbox's signed {@code call_recording_available} and
 * {@code call_transcription_available} webhooks once it ends, the CallMedia workflows fetching the
 * sandbox's real OGG and transcript by media id into the bucket, and the API serving them.
 */
class EmbeddedCallMediaTest {
  static final String PHONE = "106540352242922";
  static final String BUCKET = "wacall-e2e";
  static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
  static final ObjectMapper JSON = new ObjectMapper();
  static MediaProperties.S3 s3;
  static RunningEmbedded app;

  @BeforeAll
  static void start() throws Exception {
    s3 = new MediaProperties.S3(S3MockProcess.shared().endpoint(), "us-east-1", BUCKET, "e2e-key", "e2e-secret", true);
    app = RunningEmbedded.start("--wacall.media.store=s3", "--wacall.media.s3.endpoint=" + s3.endpoint(),
        "--wacall.media.s3.bucket=" + BUCKET, "--wacall.media.s3.access-key=e2e-key",
        "--wacall.media.s3.secret-key=e2e-secret");
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + PHONE,
        "{\"displayNumber\":\"+5511955550123\",\"ringTimeoutSeconds\":20}"));
    ok(app.callAsOperator("PUT", "/api/v1/agents/rec-1", "{\"name\":\"Rec\",\"available\":true}"));
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/ring-group", "{\"members\":[\"rec-1\"]}"));
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + PHONE + "/call-media",
        "{\"recordCalls\":true,\"transcribeCalls\":true,\"purpose\":\"quality assurance\"}"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aRecordedAndTranscribedCallEndsUpInTheBucketAndIsServedToTheAgent() throws Exception {
    JsonNode placed = JSON.readTree(ok(app.call("POST", "/sandbox/customers/5521987650301/calls",
        "{\"phoneNumberId\":\"" + PHONE + "\",\"talkSeconds\":1}")).body());
    String wacid = placed.path("callId").asText();
    String id = "inbound-call:" + wacid;
    String agentToken = JSON.readTree(ok(app.call("POST", "/api/v1/agents/rec-1/tokens", "{}")).body())
        .path("token").asText();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(JSON.readTree(
        app.callWith(agentToken, "GET", "/api/v1/agents/rec-1/ringing", null).body()).findValuesAsText("callId"))
        .contains(id));
    ok(app.callWith(agentToken, "POST", "/api/v1/calls/" + id + "/answer",
        JSON.writeValueAsString(Map.of("sdpAnswer", SDP))));

    // the customer talks a second and hangs up; a second later the sandbox sends both media webhooks
    HttpResponse<byte[]> recording = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> bytes("/api/v1/calls/" + id + "/recording", agentToken), r -> r.statusCode() == 200);
    byte[] ogg;
    try (InputStream in = EmbeddedCallMediaTest.class.getResourceAsStream("/sandbox-media/recording.ogg")) {
      ogg = in.readAllBytes();
    }
    assertThat(recording.headers().firstValue("Content-Type")).hasValue("audio/ogg");
    assertThat(recording.body()).isEqualTo(ogg);
    assertThat(new String(ogg, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OggS");

    HttpResponse<String> transcript = await().atMost(Duration.ofSeconds(30))
        .until(() -> app.callWith(agentToken, "GET", "/api/v1/calls/" + id + "/transcript", null),
            r -> r.statusCode() == 200);
    JsonNode body = JSON.readTree(transcript.body());
    assertThat(body.path("language").asText()).isEqualTo("en_US");
    assertThat(body.path("segments").findValuesAsText("speaker")).containsExactly("Business", "Customer");
    assertThat(JSON.readTree(app.call("GET", "/api/v1/calls/" + id, null).body()).path("media").toString())
        .isEqualTo("[\"RECORDING\",\"TRANSCRIPT\"]");
    assertThat(JSON.readTree(app.call("GET", "/api/v1/calls/" + id, null).body()).path("capture").path("outcome")
        .asText()).isEqualTo("AVAILABLE");

    // it is the bucket that holds them, under their keys
    try (S3MediaStore bucket = new S3MediaStore(s3)) {
      assertThat(bucket.head(MediaKind.RECORDING.objectKey(PHONE, wacid)).orElseThrow().sizeBytes()).isEqualTo(ogg.length);
      assertThat(bucket.head(MediaKind.TRANSCRIPT.objectKey(PHONE, wacid))).isPresent();
    }
  }

  /**
   * Voicemail, on in the embedded mode: a customer calls a number nobody can answer, wacall rejects
   * the call, the sandbox's caller leaves a voicemail, and it arrives as an audio message whose id is
   * the call's wacid; wacall keeps it in the bucket, on the missed call's record and in the log.
   */
  @Test
  void theVoicemailOfAMissedCallEndsUpInTheBucketOnTheCallsRecordAndInTheLog() throws Exception {
    String nobody = "106540352242977";
    ok(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + nobody, "{\"displayNumber\":\"+5511955550977\"}"));
    String customer = "5521987650377";
    JsonNode placed = JSON.readTree(ok(app.call("POST", "/sandbox/customers/" + customer + "/calls",
        "{\"phoneNumberId\":\"" + nobody + "\",\"leaveVoicemail\":true}")).body());
    String wacid = placed.path("callId").asText();
    String id = "inbound-call:" + wacid;

    HttpResponse<byte[]> voicemail = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> bytes("/api/v1/calls/" + id + "/voicemail", "dev-token"), r -> r.statusCode() == 200);
    byte[] ogg;
    try (InputStream in = EmbeddedCallMediaTest.class.getResourceAsStream("/sandbox-media/recording.ogg")) {
      ogg = in.readAllBytes();
    }
    assertThat(voicemail.body()).isEqualTo(ogg);
    JsonNode call = JSON.readTree(app.call("GET", "/api/v1/calls/" + id, null).body());
    assertThat(call.path("outcome").asText()).isEqualTo("MISSED");
    assertThat(call.path("media").toString()).isEqualTo("[\"VOICEMAIL\"]");
    assertThat(app.call("GET", "/api/v1/conversations/" + nobody + "/" + customer + "/events", null).body())
        .contains("MISSED_CALL", "VOICEMAIL");
    try (S3MediaStore bucket = new S3MediaStore(s3)) {
      assertThat(bucket.head(MediaKind.VOICEMAIL.objectKey(nobody, wacid))).isPresent();
    }
  }

  private static HttpResponse<byte[]> bytes(String path, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return response;
  }
}
