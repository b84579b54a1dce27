package io.wacall.it.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.it.sandbox.RecordingWebhookReceiver.Received;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * The sandbox plays Meta's calling settings over real HTTP: {@code POST/GET /{id}/settings}, the
 * signed {@code account_settings_update} webhook when a reported field changes (not when nothing
 * it reports changed), and a played quality restriction: Meta's {@code account_update} webhook and
 * {@code calling.restrictions} in GET. A context of its own (its settings webhooks carry no
 * {@code metadata}, which {@link SandboxHttpTest} checks of every webhook it receives).
 */
@SpringBootTest(
    classes = SandboxTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "wacall.sandbox.enabled=true",
      "wacall.cloud-api.base-url=http://127.0.0.1/sandbox/graph",
      "wacall.webhook.app-secret=" + RecordingWebhookReceiver.APP_SECRET,
      "wacall.sandbox.waba-id=" + SandboxHttpTest.WABA_ID,
      "wacall.sandbox.display-phone-numbers." + SandboxSettingsHttpTest.PHONE + "=" + SandboxSettingsHttpTest.DISPLAY,
      "wacall.sandbox.delivery.first-retry-delay=60ms"
    })
class SandboxSettingsHttpTest {
  static final String PHONE = "106540352242977";
  static final String DISPLAY = "447700900177";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired RecordingWebhookReceiver receiver;
  private RestClient http;

  @BeforeEach
  void client() {
    http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
        .requestFactory(new JdkClientHttpRequestFactory()).build();
  }

  @Test
  void settingsAreStoredReadBackAndReportedBySignedWebhook_onlyWhenAReportedFieldChanges() throws Exception {
    assertThat(get().at("/calling/status").asText()).as("calling is off by default").isEqualTo("DISABLED");

    JsonNode answer = post(Map.of("calling", Map.of("status", "ENABLED", "callback_permission_status", "ENABLED",
        "call_hours", Map.of("status", "ENABLED", "timezone_id", "Europe/London",
            "weekly_operating_hours", List.of(Map.of("day_of_week", "MONDAY", "open_time", "0900", "close_time", "1700"))))));
    assertThat(answer.path("success").asBoolean()).isTrue();

    JsonNode calling = get().path("calling");
    assertThat(calling.path("status").asText()).isEqualTo("ENABLED");
    assertThat(calling.at("/call_hours/weekly_operating_hours/0/open_time").asText()).isEqualTo("0900");
    Received report = awaitWebhook(r -> "account_settings_update".equals(r.json().at("/entry/0/changes/0/field").asText()));
    assertThat(report.signatureValid()).isTrue();
    assertThat(report.value().path("type").asText()).isEqualTo("PHONE_NUMBER_SETTINGS");
    assertThat(report.value().at("/phone_number_settings/phone_number_id").asText()).isEqualTo(PHONE);
    assertThat(report.value().at("/phone_number_settings/calling/callback_permission_status").asText()).isEqualTo("ENABLED");

    // only the call hours change: Meta does not report them
    post(Map.of("calling", Map.of("call_hours", Map.of("status", "DISABLED", "timezone_id", "Europe/London"))));
    Thread.sleep(300);
    assertThat(settingsWebhooks()).hasSize(1);
    assertThat(get().at("/calling/call_hours/weekly_operating_hours").isMissingNode())
        .as("call_hours is replaced as a whole").isTrue();

    HttpClientErrorException tooMany = org.junit.jupiter.api.Assertions.assertThrows(HttpClientErrorException.class,
        () -> post(Map.of("calling", Map.of("call_hours", Map.of("status", "ENABLED", "timezone_id", "Europe/London",
            "holiday_schedule", java.util.Collections.nCopies(21, Map.of("date", "2026-12-25", "start_time", "0000",
                "end_time", "2359")))))));
    assertThat(tooMany.getStatusCode().value()).isEqualTo(400);
  }

  @Test
  void aPlayedRestrictionIsAnnouncedByAccountUpdate_andShowsInGetSettings() throws Exception {
    JsonNode restricted = JSON.readTree(http.post().uri("/sandbox/numbers/" + PHONE + "/restrictions")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("type", "RESTRICTED_BUSINESS_INITIATED_CALLING", "days", 7))
        .retrieve().body(String.class));

    Received update = awaitWebhook(r -> "account_update".equals(r.json().at("/entry/0/changes/0/field").asText()));
    assertThat(update.signatureValid()).isTrue();
    assertThat(update.value().path("phone_number").asText()).isEqualTo(DISPLAY);
    assertThat(update.value().at("/restriction_info/0/restriction_type").asText())
        .isEqualTo("RESTRICTED_BUSINESS_INITIATED_CALLING");
    long expiration = update.value().at("/restriction_info/0/expiration").asLong();
    assertThat(expiration).isEqualTo(java.time.Instant.parse(restricted.path("expiresAt").asText()).getEpochSecond());
    assertThat(get().at("/calling/restrictions/restrictions_list/0/expiration").asLong()).isEqualTo(expiration);
  }

  private List<Received> settingsWebhooks() {
    return receiver.received().stream()
        .filter(r -> "account_settings_update".equals(r.json().at("/entry/0/changes/0/field").asText())).toList();
  }

  private JsonNode get() throws Exception {
    return JSON.readTree(http.get().uri("/sandbox/graph/v23.0/" + PHONE + "/settings")
        .header("Authorization", "Bearer sandbox-test-token").retrieve().body(String.class));
  }

  private JsonNode post(Object body) throws Exception {
    return JSON.readTree(http.post().uri("/sandbox/graph/v23.0/" + PHONE + "/settings")
        .header("Authorization", "Bearer sandbox-test-token").contentType(MediaType.APPLICATION_JSON)
        .body(body).retrieve().body(String.class));
  }

  private Received awaitWebhook(Predicate<Received> predicate) {
    return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> receiver.received().stream().filter(predicate).findFirst(), java.util.Optional::isPresent).get();
  }
}
