package io.wacall.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The README walkthrough, end to end, on the embedded default started as a user starts it (the
 * same main, the same profiles): Temporal on loopback, embedded PostgreSQL, the sandbox playing
 * Meta and the customer, signed webhooks back into our adapter. Only the ports and the customer's
 * reply delay differ, so the test does not collide with a running instance. Also what an operator
 * relies on: actuator on the loopback management port only, customer numbers masked in the logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedWalkthroughTest {
  static final String PHONE = "106540352242922";
  static final ObjectMapper JSON = new ObjectMapper();
  static RunningEmbedded app;

  @BeforeAll
  static void start() throws Exception {
    app = RunningEmbedded.start("--wacall.sandbox.customer.reply-delay=300ms");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aNewcomerRequestsAPermissionAndWatchesItBecomeTemporary(CapturedOutput output) throws Exception {
    String customer = "447700900123";
    HttpResponse<String> sent = call("POST", "/api/v1/permissions/" + PHONE + "/" + customer + "/requests",
        "{\"bodyText\":\"May we call you about your order?\"}");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
    assertThat(JSON.readTree(sent.body()).path("state").path("status").asText()).isEqualTo("PENDING");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode state = JSON.readTree(call("GET", "/api/v1/permissions/" + PHONE + "/" + customer, null).body());
      assertThat(state.path("status").asText()).isEqualTo("TEMPORARY");
      assertThat(state.path("callable").asBoolean()).isTrue();
    });
    JsonNode webhooks = JSON.readTree(call("GET", "/sandbox/webhooks?waId=" + customer, null).body());
    assertThat(webhooks.findValuesAsText("httpStatus")).isNotEmpty().allMatch("200"::equals);
    // the customer's number is in the workflow ID the logs carry, masked
    assertThat(output.getAll()).contains("44****0123").doesNotContain(customer);
  }

  @Test
  void aCustomerWhoDeclinesShowsDeclinedAndTheNextRequestIsThrottled() throws Exception {
    String customer = "447700900124";
    assertThat(call("PUT", "/sandbox/customers/" + customer, "{\"permissionReply\":\"REJECT\",\"replyDelaySeconds\":0.2}")
        .statusCode()).isEqualTo(200);
    assertThat(call("POST", "/api/v1/permissions/" + PHONE + "/" + customer + "/requests", "{}").statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(JSON.readTree(call("GET", "/api/v1/permissions/" + PHONE + "/" + customer, null).body())
            .path("status").asText()).isEqualTo("DECLINED"));
    HttpResponse<String> again = call("POST", "/api/v1/permissions/" + PHONE + "/" + customer + "/requests", "{}");
    assertThat(again.statusCode()).isEqualTo(429);
    assertThat(again.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void theHealthAndOpenApiEndpointsAnswer() throws Exception {
    assertThat(app.management("/actuator/health").statusCode()).isEqualTo(200);
    assertThat(call("GET", "/v3/api-docs", null).statusCode()).isEqualTo(200);
    // the sandbox's endpoints have a group of their own, present because the sandbox is on here
    JsonNode sandbox = JSON.readTree(call("GET", "/v3/api-docs/sandbox", null).body());
    assertThat(sandbox.path("paths").fieldNames()).toIterable().isNotEmpty().allMatch(p -> p.startsWith("/sandbox/"));
    JsonNode api = JSON.readTree(call("GET", "/v3/api-docs/wacall", null).body());
    assertThat(api.path("paths").fieldNames()).toIterable().noneMatch(p -> p.startsWith("/sandbox/"));
  }

  @Test
  void actuatorAnswersOnTheManagementPort_neverOnTheApiPort() throws Exception {
    assertThat(app.managementPort()).isNotEqualTo(app.port());
    for (String path : List.of("/actuator", "/actuator/health", "/actuator/health/readiness", "/actuator/metrics",
        "/actuator/metrics/jvm.memory.used", "/actuator/prometheus")) {
      HttpResponse<String> onApi = call("GET", path, null);
      assertThat(onApi.statusCode()).as("API port " + path + ": " + onApi.body()).isIn(401, 403, 404);
      assertThat(onApi.body()).as("API port " + path + ": no data")
          .doesNotContain("\"UP\"", "\"components\"", "\"names\"", "\"measurements\"", "jvm_memory_used_bytes");
    }
    JsonNode health = JSON.readTree(ok(app.management("/actuator/health")).body());
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("components").path("db").path("status").asText()).as("details: " + health).isEqualTo("UP");
    assertThat(JSON.readTree(ok(app.management("/actuator/health/liveness")).body()).path("status").asText()).isEqualTo("UP");
    assertThat(JSON.readTree(ok(app.management("/actuator/health/readiness")).body()).path("status").asText()).isEqualTo("UP");
    assertThat(ok(app.management("/actuator/prometheus")).body()).contains("jvm_memory_used_bytes");
    assertThat(JSON.readTree(ok(app.management("/actuator/metrics")).body()).path("names").toString()).contains("jvm.memory.used");
    HttpResponse<String> api = app.management("/api/v1/permissions");
    assertThat(api.statusCode()).as("the management port serves actuator only: " + api.body()).isIn(401, 403, 404);
  }

  @Test
  void theSandboxTakesAnyBearerAsMetaWould_theApiStillRefusesAnUnknownOne() throws Exception {
    for (String token : new String[] {null, "sandbox-token", "not-an-api-token"}) {
      assertThat(app.callWith(token, "GET", "/sandbox/webhooks", null).statusCode()).as("bearer " + token).isEqualTo(200);
    }
    assertThat(app.callWith("not-an-api-token", "GET", "/api/v1/permissions", null).statusCode()).isEqualTo(401);
    assertThat(app.callWith(null, "GET", "/api/v1/permissions", null).statusCode()).isEqualTo(401);
  }

  @Test
  void theApiAndTheManagementPortListenOnLoopbackOnly() throws Exception {
    InetAddress outside = nonLoopbackAddress();
    assumeTrue(outside != null, "this host has no non-loopback IPv4 address to try");
    for (int port : List.of(app.port(), app.managementPort())) {
      try (Socket socket = new Socket()) {
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress(outside, port), 2000))
            .as(outside.getHostAddress() + ":" + port).isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void aStackTraceWithCustomerNumbersIsLoggedMasked(CapturedOutput output) {
    LoggerFactory.getLogger(EmbeddedWalkthroughTest.class).error("call to {} failed", "+55 21 98765-4321",
        new IllegalStateException("customer 5521987650201 unreachable", new RuntimeException("cause: 44 7700 900125")));
    assertThat(output.getAll()).contains("call to +55****4321 failed", "IllegalStateException: customer 55****0201 unreachable",
        "Caused by: java.lang.RuntimeException: cause: 44****0125").doesNotContain("98765-4321", "5521987650201", "7700 900125");
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address;
          }
        }
      }
    }
    return null;
  }

  /** The README's calling-settings step: pushed to the sandbox's Meta, read back, and reported by its signed webhook. */
  @Test
  void callingSettingsArePushedToTheSandboxAndConfirmedByItsWebhook() throws Exception {
    String phone = "106540352242988";
    assertThat(app.callAsOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\":\"+5511955550188\",\"callbackRequestsEnabled\":true}").statusCode()).isEqualTo(200);
    HttpResponse<String> put = app.callAsOperator("PUT", "/api/v1/phone-numbers/" + phone + "/calling-settings", """
        {"status":"ENABLED","callIconVisibility":"DEFAULT","callHours":{"status":"ENABLED",
         "timezoneId":"America/Sao_Paulo","weeklyOperatingHours":[{"dayOfWeek":"MONDAY","openTime":"0900","closeTime":"1800"}]}}""");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode view = JSON.readTree(call("GET", "/api/v1/phone-numbers/" + phone + "/calling-settings", null).body());
      assertThat(view.at("/sync/state").asText()).isEqualTo("SYNCED");
      assertThat(view.at("/confirmed/status").asText()).isEqualTo("ENABLED");
      assertThat(view.at("/confirmed/callbackPermissionStatus").asText()).isEqualTo("ENABLED");
      assertThat(view.at("/confirmed/callHours/weeklyOperatingHours/0/openTime").asText()).isEqualTo("0900");
    });
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode webhooks = JSON.readTree(call("GET", "/sandbox/webhooks?waId=number:" + phone, null).body());
      assertThat(webhooks.toString()).contains("account_settings_update");
      assertThat(webhooks.findValuesAsText("httpStatus")).isNotEmpty().allMatch("200"::equals);
    });
  }

  private static HttpResponse<String> ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    return app.call(method, path, body);
  }
}
