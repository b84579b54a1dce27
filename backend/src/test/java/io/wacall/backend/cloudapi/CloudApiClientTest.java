package io.wacall.backend.cloudapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import io.wacall.backend.cloudapi.CallPermissionInfo.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every request shape and every success body, over real HTTP against WireMock on loopback. */
class CloudApiClientTest {
  static final String TOKEN = "EAAtestToken0123456789abcdef";
  static final String PNID = "106540352242922";
  static final String USER = "15551234567";
  static final String WAMID = "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA";
  static final String WACID = "wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA";
  /** An RFC 8866 SDP: CRLF line ends must survive JSON encoding untouched. */
  static final String SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n";
  static final String SDP_JSON = "v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
      + "m=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=rtpmap:111 opus/48000/2\\r\\n";

  static WireMockServer wireMock;
  CloudApiClient client;

  @BeforeAll
  static void startWireMock() {
    wireMock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wireMock.start();
  }

  @AfterAll
  static void stopWireMock() {
    wireMock.stop();
  }

  @BeforeEach
  void newClient() {
    wireMock.resetAll();
    client = new CloudApiClient(CloudApiProperties.of(baseUrl(), TOKEN));
  }

  static String baseUrl() {
    return "http://127.0.0.1:" + wireMock.port();
  }

  private static RequestPatternBuilder postedJson(String path, String json) {
    return postRequestedFor(urlEqualTo(path))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson(json));
  }

  private static void stubMessagesOk() {
    wireMock.stubFor(post(urlEqualTo("/v23.0/" + PNID + "/messages")).willReturn(okJson("""
        {"messaging_product":"whatsapp",
         "contacts":[{"input":"%s","wa_id":"%s"}],
         "messages":[{"id":"%s"}]}""".formatted(USER, USER, WAMID))));
  }

  private static void stubCallsOk(String body) {
    wireMock.stubFor(post(urlEqualTo("/v23.0/" + PNID + "/calls")).willReturn(okJson(body)));
  }

  // --- permission requests

  @Test
  void aFreeFormPermissionRequestPostsTheInteractiveMessageAndReturnsTheWamid() {
    stubMessagesOk();

    String wamid = client.sendPermissionRequest(PNID, USER, "May we call you about your order?");

    assertThat(wamid).isEqualTo(WAMID);
    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/messages", """
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567",
         "type":"interactive","biz_opaque_callback_data":"wacall:permission-request",
         "interactive":{"type":"call_permission_request",
                        "action":{"name":"call_permission_request"},
                        "body":{"text":"May we call you about your order?"}}}"""));
  }

  @Test
  void aFreeFormPermissionRequestWithoutTextOmitsTheBody() {
    stubMessagesOk();

    client.sendPermissionRequest(PNID, USER, null);
    client.sendPermissionRequest(PNID, USER, "   ");

    wireMock.verify(2, postedJson("/v23.0/" + PNID + "/messages", """
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567",
         "type":"interactive","biz_opaque_callback_data":"wacall:permission-request",
         "interactive":{"type":"call_permission_request",
                        "action":{"name":"call_permission_request"}}}"""));
  }

  @Test
  void aTemplatePermissionRequestPostsTheTemplateAndReturnsTheWamid() {
    stubMessagesOk();

    String wamid = client.sendPermissionRequestTemplate(PNID, USER, "call_permission_v1", "en_US");

    assertThat(wamid).isEqualTo(WAMID);
    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/messages", """
        {"messaging_product":"whatsapp","recipient_type":"individual","to":"15551234567",
         "type":"template","biz_opaque_callback_data":"wacall:permission-request",
         "template":{"name":"call_permission_v1","language":{"code":"en_US"}}}"""));
  }

  // --- call_permissions

  private static void stubPermissions(String body) {
    wireMock.stubFor(get(urlPathEqualTo("/v23.0/" + PNID + "/call_permissions")).willReturn(okJson(body)));
  }

  @Test
  void thePermissionLookupSendsTheUserAndReadsMetasDocumentedSample() {
    stubPermissions("""
        { "messaging_product":"whatsapp",
          "permission": {"status":"temporary", "expiration_time":1750000000},
          "actions": [
            {"action_name":"send_call_permission_request","can_perform_action":true,
             "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":0},
                       {"time_period":"P7D","max_allowed":2,"current_usage":1}]},
            {"action_name":"start_call","can_perform_action":false,
             "limits":[{"time_period":"PT24H","max_allowed":100,"current_usage":100,
                        "limit_expiration_time":1750003600}]}]}""");

    CallPermissionInfo info = client.getCallPermission(PNID, USER);

    wireMock.verify(1, getRequestedFor(urlEqualTo("/v23.0/" + PNID + "/call_permissions?user_wa_id=" + USER))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Accept", equalTo("application/json")));
    assertThat(info.status()).isEqualTo(Status.TEMPORARY);
    assertThat(info.hasPermission()).isTrue();
    assertThat(info.expiresAt()).isEqualTo(Instant.ofEpochSecond(1750000000));
    assertThat(info.actions()).extracting(CallPermissionInfo.Action::actionName)
        .containsExactly("send_call_permission_request", "start_call");
    assertThat(info.action("send_call_permission_request").orElseThrow().limits()).containsExactly(
        new CallPermissionInfo.Limit(Duration.ofHours(24), 1, 0, null),
        new CallPermissionInfo.Limit(Duration.ofDays(7), 2, 1, null));
    assertThat(info.canSendPermissionRequest()).isTrue();
    assertThat(info.nextPermissionRequestAllowedAt()).isNull();
    assertThat(info.canStartCall()).isFalse();
    assertThat(info.nextCallAllowedAt()).isEqualTo(Instant.ofEpochSecond(1750003600));
  }

  @Test
  void theExpiryIsAlsoReadFromTheFieldNamedExpirationAsTheParameterTableCallsIt() {
    stubPermissions("""
        {"messaging_product":"whatsapp",
         "permission":{"status":"temporary","expiration":"1750000000"},"actions":[]}""");

    assertThat(client.getCallPermission(PNID, USER).expiresAt()).isEqualTo(Instant.ofEpochSecond(1750000000));
  }

  @Test
  void whenBothRequestLimitsAreExhaustedTheNextRequestWaitsForTheLaterOne() {
    stubPermissions("""
        {"messaging_product":"whatsapp",
         "permission":{"status":"no_permission"},
         "actions":[
           {"action_name":"send_call_permission_request","can_perform_action":false,
            "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":1,"limit_expiration_time":1750086400},
                      {"time_period":"P7D","max_allowed":2,"current_usage":2,"limit_expiration_time":1750500000}]},
           {"action_name":"start_call","can_perform_action":false,
            "limits":[{"time_period":"PT24H","max_allowed":100,"current_usage":0}]}]}""");

    CallPermissionInfo info = client.getCallPermission(PNID, USER);

    assertThat(info.status()).isEqualTo(Status.NO_PERMISSION);
    assertThat(info.expiresAt()).isNull();
    assertThat(info.hasPermission()).isFalse();
    assertThat(info.canSendPermissionRequest()).isFalse();
    assertThat(info.nextPermissionRequestAllowedAt()).isEqualTo(Instant.ofEpochSecond(1750500000));
    assertThat(info.canStartCall()).isFalse();
    assertThat(info.nextCallAllowedAt()).isNull();
  }

  @Test
  void onlyExhaustedLimitsDecideTheNextAllowedRequest() {
    stubPermissions("""
        {"permission":{"status":"no_permission"},
         "actions":[
           {"action_name":"send_call_permission_request","can_perform_action":false,
            "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":1,"limit_expiration_time":1750086400},
                      {"time_period":"P7D","max_allowed":2,"current_usage":1,"limit_expiration_time":1750999999}]}]}""");

    assertThat(client.getCallPermission(PNID, USER).nextPermissionRequestAllowedAt())
        .isEqualTo(Instant.ofEpochSecond(1750086400));
  }

  @Test
  void aPermanentGrantHasNoExpiryAndAllowsACallWhenMetaListsNoActions() {
    stubPermissions("""
        {"messaging_product":"whatsapp","permission":{"status":"PERMANENT"}}""");

    CallPermissionInfo info = client.getCallPermission(PNID, USER);

    assertThat(info.status()).isEqualTo(Status.PERMANENT);
    assertThat(info.expiresAt()).isNull();
    assertThat(info.actions()).isEmpty();
    assertThat(info.canStartCall()).isTrue();
    assertThat(info.canSendPermissionRequest()).isTrue();
  }

  // --- call actions

  @Test
  void connectPostsTheSdpOfferAndCallbackDataAndReturnsTheWacid() {
    stubCallsOk("""
        {"messaging_product":"whatsapp","calls":[{"id":"%s"}]}""".formatted(WACID));

    String wacid = client.connect(PNID, USER, SDP, "deal-42");

    assertThat(wacid).isEqualTo(WACID);
    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","to":"15551234567","action":"connect",
         "session":{"sdp_type":"offer","sdp":"%s"},
         "biz_opaque_callback_data":"deal-42"}""".formatted(SDP_JSON)));
  }

  @Test
  void connectWithoutCallbackDataOmitsTheField() {
    stubCallsOk("""
        {"messaging_product":"whatsapp","calls":[{"id":"%s"}]}""".formatted(WACID));

    client.connect(PNID, USER, SDP, null);

    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","to":"15551234567","action":"connect",
         "session":{"sdp_type":"offer","sdp":"%s"}}""".formatted(SDP_JSON)));
  }

  @Test
  void connectWithRecordingAddsMetasRecordingObject() {
    stubCallsOk("""
        {"messaging_product":"whatsapp","calls":[{"id":"%s"}]}""".formatted(WACID));

    client.connect(PNID, USER, SDP, null, new CallMediaOptions(true, false, "quality assurance", "en_US"));

    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","to":"15551234567","action":"connect",
         "session":{"sdp_type":"offer","sdp":"%s"},
         "recording":{"status":"ENABLED","purpose":"quality assurance","announcement_language":"en_US"}}"""
        .formatted(SDP_JSON)));
  }

  @Test
  void acceptWithRecordingAndTranscriptionAddsBothObjects() {
    stubCallsOk("""
        {"success":true}""");

    client.accept(PNID, WACID, SDP, null, new CallMediaOptions(true, true, "training", "pt_BR"));

    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","call_id":"%s","action":"accept",
         "session":{"sdp_type":"answer","sdp":"%s"},
         "recording":{"status":"ENABLED","purpose":"training","announcement_language":"pt_BR"},
         "transcription":{"status":"ENABLED","purpose":"training","announcement_language":"pt_BR"}}"""
        .formatted(WACID, SDP_JSON)));
  }

  @Test
  void preAcceptPostsTheSdpAnswerForTheCall() {
    stubCallsOk("""
        {"messaging_product":"whatsapp","success":true}""");

    client.preAccept(PNID, WACID, SDP);

    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","call_id":"%s","action":"pre_accept",
         "session":{"sdp_type":"answer","sdp":"%s"}}""".formatted(WACID, SDP_JSON)));
  }

  @Test
  void acceptPostsTheSdpAnswerAndCallbackDataAndTakesABareSuccess() {
    stubCallsOk("""
        {"success":true}""");

    client.accept(PNID, WACID, SDP, "ticket-7");

    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","call_id":"%s","action":"accept",
         "session":{"sdp_type":"answer","sdp":"%s"},
         "biz_opaque_callback_data":"ticket-7"}""".formatted(WACID, SDP_JSON)));
  }

  @Test
  void rejectPostsOnlyTheCallId() {
    stubCallsOk("""
        {"messaging_product":"whatsapp","success":true}""");

    client.reject(PNID, WACID);

    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","call_id":"%s","action":"reject"}""".formatted(WACID)));
  }

  @Test
  void terminatePostsOnlyTheCallId() {
    stubCallsOk("""
        {"success":true}""");

    client.terminate(PNID, WACID);

    wireMock.verify(1, postedJson("/v23.0/" + PNID + "/calls", """
        {"messaging_product":"whatsapp","call_id":"%s","action":"terminate"}""".formatted(WACID)));
  }

  // --- configuration

  @Test
  void theConfiguredVersionAndABaseUrlWithATrailingSlashMakeTheRequestPath() {
    wireMock.stubFor(post(urlEqualTo("/v24.0/" + PNID + "/calls")).willReturn(okJson("{\"success\":true}")));
    CloudApiClient v24 = new CloudApiClient(new CloudApiProperties(baseUrl() + "/", "v24.0", TOKEN, null, null));

    v24.terminate(PNID, WACID);

    wireMock.verify(1, postRequestedFor(urlEqualTo("/v24.0/" + PNID + "/calls")));
  }

  @Test
  void callbackDataLongerThanMetasLimitIsRefusedBeforeSending() {
    String tooLong = "x".repeat(CloudApiClient.MAX_BIZ_OPAQUE_CALLBACK_DATA_LENGTH + 1);

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> client.connect(PNID, USER, SDP, tooLong));
    assertThat(wireMock.getAllServeEvents()).isEmpty();
  }

  @Test
  void withoutAnAccessTokenNothingIsSent() {
    CloudApiClient noToken = new CloudApiClient(CloudApiProperties.of(baseUrl(), null));

    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(() -> noToken.terminate(PNID, WACID))
        .withMessageContaining("access-token");
    assertThat(wireMock.getAllServeEvents()).isEmpty();
  }

  @Test
  void aDelayShorterThanTheReadTimeoutIsWaitedFor() {
    wireMock.stubFor(post(urlEqualTo("/v23.0/" + PNID + "/calls"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"success\":true}").withFixedDelay(200)));
    CloudApiClient patient = new CloudApiClient(
        new CloudApiProperties(baseUrl(), null, TOKEN, null, Duration.ofSeconds(5)));

    patient.terminate(PNID, WACID);

    wireMock.verify(1, postRequestedFor(urlEqualTo("/v23.0/" + PNID + "/calls")));
  }
}
