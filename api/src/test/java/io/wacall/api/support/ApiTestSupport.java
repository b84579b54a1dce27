package io.wacall.api.support;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.wacall.api.webhook.WebhookSignature;
import io.wacall.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Shared wiring of the API's Spring Boot tests: a fresh database, Meta as WireMock on loopback. */
public final class ApiTestSupport {
  /** A service's token. */
  public static final String TOKEN = "test-token";
  /** An operator's token: admin endpoints, rate cards, directory changes. */
  public static final String OPERATOR_TOKEN = "test-operator-token";
  /** The agent-token signing keys: k2 signs, k1 (the previous key) is still accepted. */
  public static final String AGENT_KEYS = "k2:test-agent-key-two-0123456789abcdef,k1:test-agent-key-one-0123456789abcdef";
  public static final String APP_SECRET = "test-app-secret";
  public static final String VERIFY_TOKEN = "test-verify-token";
  /** The CRM's identity provider in tests: its keys are served by the Meta stub at {@link #IDP_JWKS_PATH}. */
  public static final String IDP_ISSUER = "https://idp.crm.test";
  public static final String IDP_JWKS_PATH = "/idp/jwks.json";

  private ApiTestSupport() {}

  public static WireMockServer startMeta() {
    WireMockServer meta = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
    return meta;
  }

  /**
   * Meta as a fresh business number's permission request sees it: no permission yet, requests
   * allowed, and the interactive message accepted with id {@code messageId}.
   */
  public static void stubPermissionRequestsAccepted(WireMockServer meta, String phoneNumberId, String messageId) {
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + phoneNumberId + "/call_permissions")).willReturn(okJson("""
        {"messaging_product":"whatsapp","permission":{"status":"no_permission"},
         "actions":[{"action_name":"send_call_permission_request","can_perform_action":true,
           "limits":[{"time_period":"PT24H","max_allowed":1,"current_usage":0},
                     {"time_period":"P7D","max_allowed":2,"current_usage":0}]}]}""")));
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + phoneNumberId + "/messages")).willReturn(okJson("""
        {"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"%s"}]}"""
        .formatted(messageId))));
  }

  /** Meta's connect webhook of a user-initiated call from 5521987650001 to {@code phoneNumberId}, unsigned. */
  public static String connectWebhook(String phoneNumberId, String wacid, Instant at) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"waba-1","changes":[{"field":"calls","value":{
          "messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955550123","phone_number_id":"%s"},
          "contacts":[{"profile":{"name":"Maria"},"wa_id":"5521987650001"}],
          "calls":[{"id":"%s","from":"5521987650001","to":"5511955550123","event":"connect","timestamp":"%d",
            "direction":"USER_INITIATED","session":{"sdp_type":"offer","sdp":"v=0\\r\\n"}}]}}]}]}"""
        .formatted(phoneNumberId, wacid, at.getEpochSecond());
  }

  /** {@code body} POSTed to the webhook endpoint of the API on {@code port}, signed as Meta signs it. */
  public static HttpResponse<String> signedWebhook(HttpClient http, int port, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .header("Content-Type", "application/json")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(bytes, APP_SECRET))
        .timeout(Duration.ofSeconds(90))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  public static void properties(DynamicPropertyRegistry registry, WireMockServer meta) {
    String db = TestDatabase.newDatabaseName();
    registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl(db));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("spring.temporal.test-server.enabled", () -> "true");
    // the in-process test server has no operator API: TestServerSearchAttributes registers them
    registry.add("wacall.temporal.register-search-attributes", () -> "false");
    registry.add("wacall.cloud-api.base-url", meta::baseUrl);
    registry.add("wacall.cloud-api.access-token", () -> "meta-test-token");
    registry.add("wacall.api.tokens", () -> TOKEN + ",second-token");
    registry.add("wacall.api.operator-tokens", () -> OPERATOR_TOKEN);
    registry.add("wacall.api.agent-tokens.keys", () -> AGENT_KEYS);
    registry.add("wacall.api.jwt.issuer-uri", () -> IDP_ISSUER);
    registry.add("wacall.api.jwt.jwk-set-uri", () -> meta.baseUrl() + IDP_JWKS_PATH);
    registry.add("wacall.api.jwt.audience", () -> "wacall");
    registry.add("wacall.webhook.app-secret", () -> APP_SECRET);
    registry.add("wacall.webhook.verify-token", () -> VERIFY_TOKEN);
    registry.add("wacall.voicemail.enabled", () -> "true");
  }
}
