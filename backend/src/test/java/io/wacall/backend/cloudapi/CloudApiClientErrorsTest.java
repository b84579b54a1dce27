package io.wacall.backend.cloudapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.wacall.backend.cloudapi.CloudApiClientTest.PNID;
import static io.wacall.backend.cloudapi.CloudApiClientTest.SDP;
import static io.wacall.backend.cloudapi.CloudApiClientTest.TOKEN;
import static io.wacall.backend.cloudapi.CloudApiClientTest.USER;
import static io.wacall.backend.cloudapi.CloudApiClientTest.WACID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.ResourceAccessException;

/** Every way a Cloud API call can fail, over real HTTP (or a real failed connection). */
class CloudApiClientErrorsTest {
  private static final Instant NOW = Instant.parse("2026-07-01T10:00:00Z");
  private static final String CALLS = "/v23.0/" + PNID + "/calls";
  private static final String MESSAGES = "/v23.0/" + PNID + "/messages";

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
    client = clientWith(CloudApiProperties.of(baseUrl(), TOKEN));
  }

  private static String baseUrl() {
    return "http://127.0.0.1:" + wireMock.port();
  }

  private static CloudApiClient clientWith(CloudApiProperties properties) {
    return new CloudApiClient(RestClient.builder(), properties, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String graphError(int code, String message, String details) {
    return """
        {"error":{"message":"%s","type":"OAuthException","code":%d,"error_subcode":2494010,
                  "error_data":{"messaging_product":"whatsapp","details":"%s"},
                  "fbtrace_id":"AbCdEf123"}}""".formatted(message, code, details);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static GraphApiException failureOf(ThrowingCallable call) {
    GraphApiException e = catchThrowableOfType(call, GraphApiException.class);
    assertThat(e).as("a GraphApiException").isNotNull();
    return e;
  }

  // --- Graph error codes (docs/meta-cloud-api.md#error-codes)

  @ParameterizedTest(name = "code {0} on HTTP {1} is {2}")
  @CsvSource({
      "138009, 400, THROTTLED",
      "613,    429, THROTTLED",
      "138005, 429, THROTTLED",
      "138012, 400, THROTTLED",
      "138002, 429, THROTTLED",
      "138017, 400, ALREADY_GRANTED",
      "138006, 401, NO_PERMISSION",
      "131026, 400, RECIPIENT_UNSUPPORTED",
      "131030, 400, RECIPIENT_UNSUPPORTED",
      "138001, 400, RECIPIENT_UNSUPPORTED",
      "138000, 401, CALLING_UNAVAILABLE",
      "138013, 400, CALLING_UNAVAILABLE",
      "138014, 400, CALLING_UNAVAILABLE",
      "138015, 400, CALLING_UNAVAILABLE",
      "138018, 400, CALLING_UNAVAILABLE",
      "131055, 400, CALLING_UNAVAILABLE",
      "131044, 400, CALLING_UNAVAILABLE",
      "131009, 400, CALLING_UNAVAILABLE",
      "138003, 400, CALL_IN_PROGRESS",
      "100,    400, REJECTED",
      "190,    401, REJECTED",
      "131008, 400, REJECTED",
      "138004, 500, TRANSIENT",
      "138007, 500, TRANSIENT",
      "1,      500, TRANSIENT",
      "2,      503, TRANSIENT",
      "4,      429, THROTTLED",
  })
  void eachGraphErrorCodeMapsToItsCategory(int code, int httpStatus, CloudApiErrorCategory expected) {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(httpStatus, graphError(code, "boom", "why"))));

    GraphApiException e = failureOf(() -> client.connect(PNID, USER, SDP, null));

    assertThat(e.category()).isEqualTo(expected);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.httpStatus()).isEqualTo(httpStatus);
    assertThat(e.ambiguous()).as("ambiguous").isEqualTo(httpStatus >= 500);
  }

  @Test
  void everyFieldOfTheGraphErrorIsCarriedAndNamedInTheMessage() {
    wireMock.stubFor(post(urlEqualTo(MESSAGES)).willReturn(json(400,
        graphError(138009, "Permission request limit reached", "Only 1 request per 24 hours"))));

    GraphApiException e = failureOf(() -> client.sendPermissionRequest(PNID, USER, null));

    assertThat(e.code()).isEqualTo(138009);
    assertThat(e.errorSubcode()).isEqualTo(2494010);
    assertThat(e.type()).isEqualTo("OAuthException");
    assertThat(e.graphMessage()).isEqualTo("Permission request limit reached");
    assertThat(e.details()).isEqualTo("Only 1 request per 24 hours");
    assertThat(e.fbtraceId()).isEqualTo("AbCdEf123");
    assertThat(e.getMessage()).contains(
        "sendPermissionRequest", "HTTP 400", "138009", "Permission request limit reached",
        "Only 1 request per 24 hours", "AbCdEf123");
  }

  @Test
  void errorDataSentAsABareStringBecomesTheDetails() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(400, """
        {"error":{"message":"Invalid parameter","code":"100","error_data":"Invalid SDP: missing m= line"}}""")));

    GraphApiException e = failureOf(() -> client.preAccept(PNID, WACID, SDP));

    assertThat(e.code()).isEqualTo(100);
    assertThat(e.details()).isEqualTo("Invalid SDP: missing m= line");
    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.REJECTED);
  }

  // --- bodies that are not Graph errors

  @Test
  void aServerErrorWithAnHtmlPageIsTransientAmbiguousAndSaysWhatCameBack() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(aResponse().withStatus(502)
        .withHeader("Content-Type", "text/html")
        .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")));

    GraphApiException e = failureOf(() -> client.terminate(PNID, WACID));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.TRANSIENT);
    assertThat(e.ambiguous()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(502);
    assertThat(e.code()).isNull();
    assertThat(e.getMessage()).contains("terminate", "HTTP 502", "unreadable error body", "502 Bad Gateway");
  }

  @Test
  void aServerErrorWithAnHtmlPageOnPlain500IsTransientToo() {
    wireMock.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(500)
        .withBody("<!DOCTYPE html><html><title>Sorry, something went wrong.</title></html>")));

    GraphApiException e = failureOf(() -> client.sendPermissionRequestTemplate(PNID, USER, "t", "en"));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.TRANSIENT);
    assertThat(e.ambiguous()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 500", "Sorry, something went wrong.");
  }

  @ParameterizedTest(name = "a 400 with body [{0}] is a clear REJECTED error")
  @CsvSource(delimiter = '|', value = {
      "Bad Request",
      "{\"unexpected\":true}",
      "[1,2,3]",
      "{\"error\":\"a string, not an object\"}",
      "{\"error\":{\"message\":\"no code\"",
      "''",
  })
  void aClientErrorWithAnUnexpectedBodyIsStillAClearRejection(String body) {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(aResponse().withStatus(400).withBody(body)));

    GraphApiException e = failureOf(() -> client.reject(PNID, WACID));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.REJECTED);
    assertThat(e.ambiguous()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.code()).isNull();
    assertThat(e.getMessage()).contains("reject", "HTTP 400");
  }

  @Test
  void aGraphErrorWithoutACodeFallsBackToTheHttpStatus() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(403, """
        {"error":{"message":"Forbidden","type":"OAuthException"}}""")));

    GraphApiException e = failureOf(() -> client.terminate(PNID, WACID));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.REJECTED);
    assertThat(e.graphMessage()).isEqualTo("Forbidden");
  }

  // --- 2xx answers that break the promise

  @ParameterizedTest(name = "a call action answered 200 [{0}] is an ambiguous error")
  @CsvSource(delimiter = '|', value = {
      "{\"success\":false}",
      "{\"messaging_product\":\"whatsapp\"}",
      "{\"success\":\"true\"}",
      "OK",
  })
  void aCallActionAnswered200WithoutSuccessTrueIsAnAmbiguousError(String body) {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(aResponse().withStatus(200).withBody(body)));

    GraphApiException e = failureOf(() -> client.accept(PNID, WACID, SDP, null));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.TRANSIENT);
    assertThat(e.ambiguous()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.getMessage()).contains("accept", "HTTP 200");
  }

  @Test
  void aConnectAnswerWithoutACallIdIsAnAmbiguousError() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(okJson("""
        {"messaging_product":"whatsapp","calls":[]}""")));

    GraphApiException e = failureOf(() -> client.connect(PNID, USER, SDP, null));

    assertThat(e.ambiguous()).isTrue();
    assertThat(e.getMessage()).contains("connect", "calls[0].id");
  }

  @Test
  void aMessageAnswerWithoutAMessageIdIsAnAmbiguousError() {
    wireMock.stubFor(post(urlEqualTo(MESSAGES)).willReturn(okJson("""
        {"messaging_product":"whatsapp","contacts":[{"input":"15551234567","wa_id":"15551234567"}]}""")));

    GraphApiException e = failureOf(() -> client.sendPermissionRequest(PNID, USER, "hi"));

    assertThat(e.ambiguous()).isTrue();
    assertThat(e.getMessage()).contains("sendPermissionRequest", "messages[0].id");
  }

  @ParameterizedTest(name = "a permission answer [{0}] is a clear error")
  @CsvSource(delimiter = '|', value = {
      "{\"permission\":{\"status\":\"maybe\"}}",
      "{\"messaging_product\":\"whatsapp\"}",
      "{\"permission\":{\"status\":\"temporary\",\"expiration_time\":\"soon\"}}",
      "{\"permission\":{\"status\":\"temporary\"},\"actions\":[{\"action_name\":\"start_call\",\"limits\":[{\"time_period\":\"PT24H\"}]}]}",
  })
  void aPermissionAnswerWithoutAReadableStatusIsAClearError(String body) {
    wireMock.stubFor(get(urlPathEqualTo("/v23.0/" + PNID + "/call_permissions")).willReturn(okJson(body)));

    GraphApiException e = failureOf(() -> client.getCallPermission(PNID, USER));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.TRANSIENT);
    assertThat(e.getMessage()).contains("getCallPermission", "HTTP 200", "readable permission");
  }

  // --- network

  @Test
  void aReadTimeoutIsTransientAndAmbiguousAndDoesNotWaitForTheSlowAnswer() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(okJson("{\"success\":true}").withFixedDelay(3_000)));
    CloudApiClient impatient = clientWith(
        new CloudApiProperties(baseUrl(), null, TOKEN, null, Duration.ofMillis(300)));

    long started = System.nanoTime();
    GraphApiException e = failureOf(() -> impatient.terminate(PNID, WACID));
    Duration waited = Duration.ofNanos(System.nanoTime() - started);

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.TRANSIENT);
    assertThat(e.ambiguous()).isTrue();
    assertThat(e.httpStatus()).isZero();
    assertThat(e.code()).isNull();
    assertThat(e).hasRootCauseInstanceOf(HttpTimeoutException.class);
    assertThat(waited).isLessThan(Duration.ofMillis(2_500));
    assertThat(e.getMessage()).contains("terminate", "may have been sent");
  }

  @Test
  void aRefusedConnectionIsTransientButNotAmbiguous() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    CloudApiClient unreachable = clientWith(CloudApiProperties.of("http://127.0.0.1:" + closedPort, TOKEN));

    GraphApiException e = failureOf(() -> unreachable.connect(PNID, USER, SDP, null));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.TRANSIENT);
    assertThat(e.ambiguous()).isFalse();
    assertThat(e.httpStatus()).isZero();
    assertThat(e).hasCauseInstanceOf(ResourceAccessException.class);
    assertThat(e.getMessage()).contains("connect", "before the request was sent");
  }

  @Test
  void failuresBeforeAnyByteIsSentAreToldApartFromFailuresAfter() {
    assertThat(CloudApiErrors.failedBeforeSending(
        new ResourceAccessException("x", new HttpConnectTimeoutException("connect timed out")))).isTrue();
    assertThat(CloudApiErrors.failedBeforeSending(
        new ResourceAccessException("x", new ConnectException("refused")))).isTrue();
    assertThat(CloudApiErrors.failedBeforeSending(
        new ResourceAccessException("x", new UnknownHostException("graph.facebook.com")))).isTrue();
    assertThat(CloudApiErrors.failedBeforeSending(
        new ResourceAccessException("x", new HttpTimeoutException("request timed out")))).isFalse();
    assertThat(CloudApiErrors.failedBeforeSending(
        new ResourceAccessException("x", new IOException("connection reset")))).isFalse();
  }

  @Test
  void plainHttpUsesHttp11AndTlsLeavesHttp2ToAlpn() {
    assertThat(CloudApiClient.httpVersion("http://127.0.0.1:8089")).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(CloudApiClient.httpVersion("https://graph.facebook.com")).isEqualTo(HttpClient.Version.HTTP_2);
  }

  // --- retry time

  @Test
  void theConnectedCallCapGivesItsNextAllowedTimeFromErrorData() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(400, """
        {"error":{"message":"Connected call limit reached","code":138012,
                  "error_data":{"details":"Limit reached. Next call allowed at 2026-07-02T08:30:00Z"}}}""")));

    GraphApiException e = failureOf(() -> client.connect(PNID, USER, SDP, null));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.THROTTLED);
    assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-07-02T08:30:00Z"));
  }

  @Test
  void aUnixSecondsFieldInErrorDataIsReadAsTheRetryTime() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(400, """
        {"error":{"message":"Connected call limit reached","code":138012,
                  "error_data":{"details":"Try later","next_call_time":1782981000}}}""")));

    GraphApiException e = failureOf(() -> client.connect(PNID, USER, SDP, null));

    assertThat(e.retryAt()).isEqualTo(Instant.ofEpochSecond(1782981000));
  }

  @Test
  void aRetryAfterHeaderInSecondsCountsFromNow() {
    wireMock.stubFor(get(urlPathEqualTo("/v23.0/" + PNID + "/call_permissions"))
        .willReturn(json(429, graphError(613, "Rate limit", "Too many calls")).withHeader("Retry-After", "2")));

    GraphApiException e = failureOf(() -> client.getCallPermission(PNID, USER));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.THROTTLED);
    assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(2));
  }

  @Test
  void aRetryAfterHeaderAsAnHttpDateIsReadAsIs() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(429, graphError(138005, "Rate", "Slow down"))
        .withHeader("Retry-After", "Wed, 01 Jul 2026 10:05:00 GMT")));

    GraphApiException e = failureOf(() -> client.connect(PNID, USER, SDP, null));

    assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-07-01T10:05:00Z"));
  }

  @Test
  void withoutAnyHintThereIsNoRetryTime() {
    wireMock.stubFor(post(urlEqualTo(MESSAGES)).willReturn(json(400,
        graphError(138009, "Permission request limit reached", "Only 1 request per 24 hours"))));

    assertThat(failureOf(() -> client.sendPermissionRequest(PNID, USER, null)).retryAt()).isNull();
  }

  @Test
  void aNumberInTheDetailsOfARejectionIsNotMistakenForARetryTime() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(400,
        graphError(100, "Invalid parameter", "Invalid phone number 2125551234"))));

    GraphApiException e = failureOf(() -> client.connect(PNID, USER, SDP, null));

    assertThat(e.category()).isEqualTo(CloudApiErrorCategory.REJECTED);
    assertThat(e.retryAt()).isNull();
  }

  // --- the token

  @Test
  void theAccessTokenNeverAppearsInAnErrorEvenWhenMetaEchoesIt() {
    wireMock.stubFor(post(urlEqualTo(CALLS)).willReturn(json(401, """
        {"error":{"message":"Invalid OAuth access token - Cannot parse access token %s",
                  "type":"OAuthException","code":190,"error_data":{"details":"token %s"},
                  "fbtrace_id":"X"}}""".formatted(TOKEN, TOKEN))));
    wireMock.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(500)
        .withBody("<html>debug: Authorization: Bearer " + TOKEN + "</html>")));

    GraphApiException fromJson = failureOf(() -> client.terminate(PNID, WACID));
    GraphApiException fromHtml = failureOf(() -> client.sendPermissionRequest(PNID, USER, null));

    for (GraphApiException e : new GraphApiException[] {fromJson, fromHtml}) {
      assertThat(e.getMessage()).doesNotContain(TOKEN).contains("<redacted>");
      assertThat(e.toString()).doesNotContain(TOKEN);
      assertThat(e.toApplicationFailure().getMessage()).doesNotContain(TOKEN);
    }
    assertThat(fromJson.graphMessage()).doesNotContain(TOKEN);
    assertThat(fromJson.details()).doesNotContain(TOKEN);
  }
}
