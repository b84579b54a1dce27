package io.wacall.api.permission;

import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.temporal.PermissionWorkflows;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The permission API over real HTTP: Spring MVC on a port, the CallPermission workflow on the
 * Temporal test server, the read model in a real PostgreSQL, Meta as WireMock on loopback.
 */
class PermissionApiTest extends ApiHttpTest {
  static final String PHONE = "106540352242922";
  static final AtomicInteger customers = new AtomicInteger();

  @Autowired PermissionWorkflows workflows;
  @Autowired PermissionReadModel readModel;
  String waId;

  @BeforeEach
  void setUp() {
    waId = "5511988880" + String.format("%03d", customers.incrementAndGet());
    meta.resetAll();
    ApiTestSupport.stubPermissionRequestsAccepted(meta, PHONE, "wamid.HBgLMTIz");
  }

  @Test
  void aRequestWithoutABearerTokenIsRefusedWithProblemDetails() throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/permissions/" + PHONE + "/" + waId + "/requests", "{}", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(send("GET", "/api/v1/permissions/" + PHONE + "/" + waId, null, "wrong-token").statusCode()).isEqualTo(401);
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/messages")));
  }

  @Test
  void aFirstRequestIsSentToMetaAndAnswers202WithTheMessageIdAndPendingState() throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/permissions/" + PHONE + "/" + waId + "/requests",
        "{\"bodyText\":\"May we call you about your order?\",\"requestedBy\":\"agent-7\"}", ApiTestSupport.TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("messageId").asText()).isEqualTo("wamid.HBgLMTIz");
    assertThat(body.path("workflowId").asText()).isEqualTo("permission:" + PHONE + ":" + waId);
    assertThat(body.path("state").path("status").asText()).isEqualTo("PENDING");
    assertThat(body.path("state").path("canRequestNow").asBoolean()).isFalse();
    meta.verify(postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/messages"))
        .withHeader("Authorization", equalTo("Bearer meta-test-token"))
        .withRequestBody(equalToJson("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"interactive",
             "biz_opaque_callback_data":"wacall:permission-request",
             "interactive":{"type":"call_permission_request","action":{"name":"call_permission_request"},
             "body":{"text":"May we call you about your order?"}}}""".formatted(waId))));
  }

  @Test
  void aSecondRequestWithin24HoursIs429WithRetryAfterAndNextAllowedAt() throws Exception {
    String path = "/api/v1/permissions/" + PHONE + "/" + waId + "/requests";
    assertThat(send("POST", path, "{}", ApiTestSupport.TOKEN).statusCode()).isEqualTo(202);
    HttpResponse<String> second = send("POST", path, "{}", "second-token");

    assertThat(second.statusCode()).isEqualTo(429);
    JsonNode problem = json.readTree(second.body());
    assertThat(problem.path("code").asText()).isEqualTo("REQUEST_THROTTLED");
    Instant next = Instant.parse(problem.path("nextAllowedAt").asText());
    assertThat(next).isAfter(Instant.now().plusSeconds(23 * 3600));
    long retryAfter = Long.parseLong(second.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(23L * 3600, 24L * 3600);
    meta.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/messages")));
  }

  @Test
  void aRequestWhoseAnswerFromMetaIsLost_is202WithoutAMessageId_andIsNeverSentAgain() throws Exception {
    // Meta takes the message and the connection breaks before its answer (issue 10, bug 2)
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/messages"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    String path = "/api/v1/permissions/" + PHONE + "/" + waId + "/requests";

    HttpResponse<String> response = send("POST", path, "{}", ApiTestSupport.TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("messageId").isNull()).as(response.body()).isTrue();
    assertThat(body.path("state").path("status").asText()).isEqualTo("PENDING");
    assertThat(body.path("state").path("pendingRequest").path("messageId").isNull()).isTrue();
    // not sent again: neither by a retry of the activity, nor by a second request
    assertThat(send("POST", path, "{}", ApiTestSupport.TOKEN).statusCode()).isEqualTo(429);
    meta.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/messages")));
    await().untilAsserted(() -> assertThat(readModel.find(PHONE, waId)).hasValueSatisfying(row -> {
      assertThat(row.status()).isEqualTo(PermissionStatus.PENDING);
      assertThat(row.pendingRequestId()).isNull();
    }));
  }

  @Test
  void aRequestWhileAGrantIsActiveIs409() throws Exception {
    workflows.signalWithStart(PHONE, waId, wf -> wf::permissionReply, new PermissionReply("wamid.grant-" + waId,
        Instant.now(), ReplyResponse.ACCEPT, true, null, ReplySource.USER_ACTION, null));
    HttpResponse<String> response = send("POST", "/api/v1/permissions/" + PHONE + "/" + waId + "/requests", "{}", ApiTestSupport.TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
    assertThat(json.readTree(response.body()).path("code").asText()).isEqualTo("PERMISSION_ALREADY_GRANTED");
    meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/messages")));
  }

  @Test
  void aRecipientMetaCannotReachIs422AndCountsNothing() throws Exception {
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + PHONE + "/messages")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("""
            {"error":{"message":"Recipient's app version is too old","type":"OAuthException","code":131026,
             "error_data":{"details":"upgrade"},"fbtrace_id":"AbC"}}""")));
    HttpResponse<String> response = send("POST", "/api/v1/permissions/" + PHONE + "/" + waId + "/requests", "{}", ApiTestSupport.TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    JsonNode state = json.readTree(send("GET", "/api/v1/permissions/" + PHONE + "/" + waId, null, ApiTestSupport.TOKEN).body());
    assertThat(state.path("requestsInWindow").asInt()).isZero();
  }

  @Test
  void aPairNeverSeenIsNoneNot404() throws Exception {
    HttpResponse<String> response = send("GET", "/api/v1/permissions/" + PHONE + "/5500000000000", null, ApiTestSupport.TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("NONE");
    assertThat(body.path("callable").asBoolean()).isFalse();
    assertThat(body.path("canRequestNow").asBoolean()).isTrue();
  }

  @Test
  void theStateAndTheListShowAGrantOnceTheReplyArrives() throws Exception {
    send("POST", "/api/v1/permissions/" + PHONE + "/" + waId + "/requests", "{}", ApiTestSupport.TOKEN);
    Instant expiry = Instant.now().plusSeconds(7 * 86400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    workflows.signalWithStart(PHONE, waId, wf -> wf::permissionReply, new PermissionReply("wamid.accept-" + waId,
        Instant.now(), ReplyResponse.ACCEPT, false, expiry, ReplySource.USER_ACTION, "wamid.HBgLMTIz"));

    await().untilAsserted(() -> {
      JsonNode state = json.readTree(send("GET", "/api/v1/permissions/" + PHONE + "/" + waId, null, ApiTestSupport.TOKEN).body());
      assertThat(state.path("status").asText()).isEqualTo("TEMPORARY");
      assertThat(state.path("callable").asBoolean()).isTrue();
      assertThat(Instant.parse(state.path("expiresAt").asText())).isEqualTo(expiry);
    });
    await().untilAsserted(() -> {
      JsonNode page = json.readTree(send("GET", "/api/v1/permissions?phoneNumberId=" + PHONE + "&status=TEMPORARY&size=500",
          null, ApiTestSupport.TOKEN).body());
      assertThat(page.path("items").findValuesAsText("waId")).contains(waId);
    });
  }

  @Test
  void aTemporaryGrantThatLapsedWithNoRowWritten_isListedAndShownAsExpired() throws Exception {
    // the read model as a run leaves it since the action budget: no row is written for the lapse
    Instant granted = Instant.now().minusSeconds(8 * 86400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Instant lapsedAt = granted.plusSeconds(7 * 86400);
    readModel.record(new PermissionView(PHONE, waId, PermissionStatus.TEMPORARY, false, granted, lapsedAt, null,
        List.of(), null, 0, null, null, granted, List.of(), 3, granted), "run-of-the-grant");

    JsonNode expired = json.readTree(send("GET", "/api/v1/permissions?phoneNumberId=" + PHONE + "&status=EXPIRED&size=500",
        null, ApiTestSupport.TOKEN).body());
    assertThat(expired.path("items").findValuesAsText("waId")).contains(waId);
    JsonNode temporary = json.readTree(send("GET", "/api/v1/permissions?phoneNumberId=" + PHONE + "&status=TEMPORARY&size=500",
        null, ApiTestSupport.TOKEN).body());
    assertThat(temporary.path("items").findValuesAsText("waId")).doesNotContain(waId);
    JsonNode state = json.readTree(send("GET", "/api/v1/permissions/" + PHONE + "/" + waId, null, ApiTestSupport.TOKEN).body());
    assertThat(state.path("status").asText()).isEqualTo("EXPIRED");
    assertThat(state.path("source").asText()).isEqualTo("read-model");
    assertThat(Instant.parse(state.path("lastChangeAt").asText())).isEqualTo(lapsedAt);
  }

  @Test
  void aTemplateWithoutALanguageIs400() throws Exception {
    HttpResponse<String> response = send("POST", "/api/v1/permissions/" + PHONE + "/" + waId + "/requests",
        "{\"templateName\":\"call_permission\"}", ApiTestSupport.TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(send("POST", "/api/v1/permissions/" + PHONE + "/" + waId + "/requests", "{not json", ApiTestSupport.TOKEN)
        .statusCode()).isEqualTo(400);
  }

  @Test
  void theOpenApiDocumentListsThePermissionRoutes() throws Exception {
    HttpResponse<String> response = send("GET", "/v3/api-docs", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).path("paths").has("/api/v1/permissions/{phoneNumberId}/{waId}/requests")).isTrue();
  }

}
