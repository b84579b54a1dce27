package io.wacall.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The README walkthrough, end to end, on the embedded default started as a user starts it (the
 * same main, the same profiles): Temporal on loopback, embedded PostgreSQL, the sandbox playing
 * Meta and the customer, signed webhooks back into our adapter. Only the ports and the customer's
 * reply delay differ, so the test does not collide with a running instance.
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
    assertThat(call("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/v3/api-docs", null).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> call(String method, String path, String body) throws Exception {
    return app.call(method, path, body);
  }
}
