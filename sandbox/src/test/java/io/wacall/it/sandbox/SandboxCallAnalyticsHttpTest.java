package io.wacall.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * {@code GET /{WABA_ID}/call_analytics} over real HTTP, from the calls the sandbox played in this
 * context alone: a business call the customer answers, billed on the test price list (Meta's CSV
 * forms) per started 6 seconds, and a user's call nobody answers, free; each counted once, by
 * direction, in the span it connected or ended in. Graph's errors for what it refuses.
 */
@SpringBootTest(
    classes = SandboxTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "wacall.sandbox.enabled=true",
      "wacall.cloud-api.base-url=http://127.0.0.1/sandbox/graph",
      "wacall.webhook.app-secret=" + RecordingWebhookReceiver.APP_SECRET,
      "wacall.sandbox.waba-id=" + SandboxCallAnalyticsHttpTest.WABA_ID,
      "wacall.sandbox.customer.reply-delay=50ms",
      "wacall.sandbox.customer.answer-after=100ms",
      "wacall.sandbox.customer.talk=7s",
      "wacall.sandbox.user-call-accept-timeout=500ms",
      "wacall.sandbox.billing.price-list=classpath:sandbox-prices/rate-card.csv",
      "wacall.sandbox.billing.market-mapping=classpath:sandbox-prices/market-regions.csv"
    })
class SandboxCallAnalyticsHttpTest {
  static final String WABA_ID = "109876543210911";
  static final String PHONE = "106540352242911";
  private static final String TOKEN = "Bearer sandbox-test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired RecordingWebhookReceiver receiver;
  private RestClient http;

  @BeforeEach
  void client() {
    http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
        .requestFactory(new JdkClientHttpRequestFactory())
        .defaultStatusHandler(status -> true, (request, response) -> { })
        .build();
  }

  @Test
  void theCallsPlayedAreCountedAndBilledByDirection_andGraphRefusesWhatItWould() throws Exception {
    Instant start = Instant.now().minusSeconds(1);
    String customer = "447700900911"; // United Kingdom: 0.0600 a minute on the test card
    http.put().uri("/sandbox/customers/" + customer).contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("permissionReply", "ACCEPT_TEMPORARY")).retrieve().toBodilessEntity();
    graph("POST", "messages", Map.of("messaging_product", "whatsapp", "to", customer, "type", "interactive",
        "interactive", Map.of("type", "call_permission_request", "action", Map.of("name", "call_permission_request"))));
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().stream()
        .anyMatch(r -> r.json().toString().contains("call_permission_reply")));
    String business = graph("POST", "calls", Map.of("messaging_product", "whatsapp", "to", customer, "action", "connect",
        "session", Map.of("sdp_type", "offer", "sdp", io.wacall.sandbox.Sdp.OFFER))).at("/calls/0/id").asText();
    JsonNode placed = JSON.readTree(http.post().uri("/sandbox/customers/5521987650911/calls")
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("phoneNumberId", PHONE)).retrieve().body(String.class));
    String user = placed.path("callId").asText();
    await().atMost(Duration.ofSeconds(15)).until(() -> terminated(business) && terminated(user));
    String end = String.valueOf(Instant.now().plusSeconds(1).getEpochSecond());
    String from = String.valueOf(start.getEpochSecond());

    JsonNode businessCalls = analytics(from, end, "DAILY", "[\"BUSINESS_INITIATED\"]", null).at("/data/0/data_points");
    assertThat(businessCalls).hasSize(1);
    JsonNode point = businessCalls.get(0);
    assertThat(point.path("count").asLong()).isEqualTo(1);
    long talked = point.path("average_duration").asLong();
    assertThat(talked).isBetween(6L, 8L); // the customer talks 7 s; Meta reports whole seconds
    // per started 6 seconds at a tenth of 0.0600
    assertThat(point.path("cost").decimalValue()).isEqualByComparingTo(talked <= 6 ? "0.0060" : "0.0120");
    assertThat(point.path("end").asLong() - point.path("start").asLong()).isEqualTo(86_400);

    JsonNode userCalls = analytics(from, end, "HALF_HOUR", "[\"USER_INITIATED\"]", "[\"COST\",\"COUNT\"]")
        .at("/data/0/data_points");
    assertThat(userCalls).hasSize(1);
    assertThat(userCalls.get(0).path("count").asLong()).isEqualTo(1);
    assertThat(userCalls.get(0).path("cost").decimalValue()).isEqualByComparingTo("0");
    assertThat(userCalls.get(0).has("average_duration")).as("not asked for").isFalse();
    assertThat(analytics(from, end, "MONTHLY", null, null).at("/data/0/data_points/0/count").asLong())
        .as("both directions").isEqualTo(2);
    assertThat(analytics(end, String.valueOf(Long.parseLong(end) + 3_600), "DAILY", null, null)
        .at("/data/0/data_points")).as("nothing later").isEmpty();

    assertThat(http.get().uri("/sandbox/graph/v25.0/" + WABA_ID + "/call_analytics?start=1&end=2&granularity=DAILY")
        .retrieve().toEntity(String.class).getStatusCode().value()).as("no token").isEqualTo(401);
    assertThat(error("/sandbox/graph/v25.0/123/call_analytics?start=1&end=2&granularity=DAILY"))
        .contains("Object with ID '123' does not exist");
    assertThat(error("/sandbox/graph/v25.0/" + WABA_ID + "/call_analytics?end=2&granularity=DAILY"))
        .contains("start is required");
    assertThat(error("/sandbox/graph/v25.0/" + WABA_ID + "/call_analytics?start=1&end=2&granularity=WEEKLY"))
        .contains("granularity must be one of");
    assertThat(error("/sandbox/graph/v25.0/" + WABA_ID + "/call_analytics?start=1&end=2&granularity=DAILY"
        + "&directions=BUSINESS_INITIATED")).contains("directions must be a JSON array");
  }

  private boolean terminated(String callId) {
    return receiver.received().stream().anyMatch(r -> r.value().at("/calls/0/id").asText().equals(callId)
        && r.value().at("/calls/0/event").asText().equals("terminate"));
  }

  private JsonNode graph(String method, String edge, Object body) throws Exception {
    String answer = http.method(org.springframework.http.HttpMethod.valueOf(method))
        .uri("/sandbox/graph/v23.0/" + PHONE + "/" + edge).header("Authorization", TOKEN)
        .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class);
    return JSON.readTree(answer);
  }

  private JsonNode analytics(String start, String end, String granularity, String directions, String metrics)
      throws Exception {
    var answer = http.get().uri(b -> {
      b.path("/sandbox/graph/v25.0/" + WABA_ID + "/call_analytics").queryParam("start", start).queryParam("end", end)
          .queryParam("granularity", granularity);
      if (directions != null) {
        b.queryParam("directions", "{d}");
      }
      if (metrics != null) {
        b.queryParam("metric_types", "{m}");
      }
      return b.build(Map.of("d", directions == null ? "" : directions, "m", metrics == null ? "" : metrics));
    }).header("Authorization", TOKEN).retrieve().toEntity(String.class);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
    return JSON.readTree(answer.getBody());
  }

  private String error(String uri) {
    var answer = http.get().uri(uri).header("Authorization", TOKEN).retrieve().toEntity(String.class);
    assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
    return answer.getBody();
  }
}
