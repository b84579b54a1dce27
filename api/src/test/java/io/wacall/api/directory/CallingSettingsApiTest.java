package io.wacall.api.directory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A number's calling settings at Meta (issue 13) through the real adapter: the operator's PUT is
 * pushed by the number's CallingSettings workflow to Meta (WireMock on loopback) and read back,
 * with the restriction Meta shows there;
 * Meta's refusal shows in the sync state; a signed {@code account_settings_update} webhook over
 * HTTP updates Meta's view and the callback marker; a change of {@code callbackRequestsEnabled}
 * is pushed as {@code callback_permission_status}.
 */
class CallingSettingsApiTest extends ApiHttpTest {
  static final String ISSUE_EXAMPLE = """
      {"status": "ENABLED", "callIconVisibility": "DEFAULT", "callbackPermissionStatus": "ENABLED",
       "callHours": {"status": "ENABLED", "timezoneId": "America/Sao_Paulo", "weeklyOperatingHours":
         [{"dayOfWeek": "MONDAY", "openTime": "0900", "closeTime": "1800"}], "holidaySchedule":
         [{"date": "2026-12-25", "startTime": "0000", "endTime": "2359"}]}}""";
  static final String META_CALLING = """
      {"status":"ENABLED","call_icon_visibility":"DEFAULT","callback_permission_status":"ENABLED",
       "call_hours":{"status":"ENABLED","timezone_id":"America/Sao_Paulo",
         "weekly_operating_hours":[{"day_of_week":"MONDAY","open_time":"0900","close_time":"1800"}],
         "holiday_schedule":[{"date":"2026-12-25","start_time":"0000","end_time":"2359"}]}}""";

  @Autowired JdbcClient jdbc;

  @Test
  void thePutIsPushedToMetaAndReadBack_andTheWebhookKeepsMetasViewAndTheCallbackMarker() throws Exception {
    String phone = newNumber();
    meta.stubFor(post(urlPathEqualTo(settingsPath(phone))).willReturn(okJson("{\"success\":true}")));
    long restrictedUntil = Instant.now().plus(Duration.ofDays(7)).getEpochSecond();
    String shown = META_CALLING.substring(0, META_CALLING.lastIndexOf('}')) + """
        ,"restrictions":{"restrictions_list":[{"type":"RESTRICTED_BUSINESS_INITIATED_CALLING",
          "reason":"high negative feedback","expiration":%d}]}}""".formatted(restrictedUntil);
    meta.stubFor(get(urlPathEqualTo(settingsPath(phone))).willReturn(okJson("{\"calling\":" + shown + "}")));

    HttpResponse<String> put = asOperator("PUT", "/api/v1/phone-numbers/" + phone + "/calling-settings", ISSUE_EXAMPLE);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
    assertThat(json.readTree(put.body()).path("sync").path("state").asText()).isIn("PENDING", "SYNCED");

    JsonNode synced = awaitState(phone, "SYNCED");
    meta.verify(1, postRequestedFor(urlPathEqualTo(settingsPath(phone)))
        .withRequestBody(equalToJson("{\"calling\":" + META_CALLING + "}")));
    assertThat(synced.path("confirmed")).isEqualTo(json.readTree(ISSUE_EXAMPLE));
    assertThat(synced.path("desired")).isEqualTo(json.readTree(ISSUE_EXAMPLE));
    assertThat(synced.path("sync").path("desiredRevision").asLong()).isEqualTo(synced.path("sync").path("syncedRevision").asLong());
    assertThat(number(phone).path("callbackRequestsEnabled").asBoolean()).as("one fact").isTrue();
    // the restriction Meta shows in GET settings is the number's restriction, with its expiry
    JsonNode restrictions = json.readTree(send("GET", "/api/v1/phone-numbers/" + phone + "/restrictions", null).body());
    assertThat(restrictions.at("/restrictions/0/kind").asText()).isEqualTo("BUSINESS_INITIATED");
    assertThat(Instant.parse(restrictions.at("/restrictions/0/expiresAt").asText()).getEpochSecond()).isEqualTo(restrictedUntil);

    // someone turns calling and the callback off in WhatsApp Manager: Meta reports it (its sample's shape)
    long at = Instant.now().plusSeconds(2).getEpochSecond();
    HttpResponse<String> webhook = signedWebhook("""
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{
          "value":{"messaging_product":"whatsapp","timestamp":"%d","type":"PHONE_NUMBER_SETTINGS",
            "phone_number_settings":{"phone_number_id":"%s","calling":{"status":"DISABLED",
              "call_icon_visibility":"DEFAULT","callback_permission_status":"DISABLED",
              "sip":{"status":"DISABLED"}}}},
          "field":"account_settings_update"}]}]}""".formatted(at, phone));
    assertThat(webhook.statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      JsonNode view = settings(phone);
      assertThat(view.path("confirmed").path("status").asText()).isEqualTo("DISABLED");
      assertThat(view.path("confirmed").path("callHours").path("timezoneId").asText()).isEqualTo("America/Sao_Paulo");
      assertThat(view.path("desired").path("callbackPermissionStatus").asText()).isEqualTo("DISABLED");
    });
    assertThat(number(phone).path("callbackRequestsEnabled").asBoolean()).isFalse();
    meta.verify(1, postRequestedFor(urlPathEqualTo(settingsPath(phone)))); // nothing pushed back
  }

  @Test
  void aChangeOfCallbackRequestsEnabled_isPushedAsCallbackPermissionStatus() throws Exception {
    String phone = newNumber();
    meta.stubFor(post(urlPathEqualTo(settingsPath(phone))).willReturn(okJson("{\"success\":true}")));
    meta.stubFor(get(urlPathEqualTo(settingsPath(phone))).willReturn(okJson(
        "{\"calling\":{\"status\":\"ENABLED\",\"callback_permission_status\":\"ENABLED\"}}")));

    asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\":\"+" + display(phone) + "\",\"callbackRequestsEnabled\":true}");

    awaitState(phone, "SYNCED");
    meta.verify(1, postRequestedFor(urlPathEqualTo(settingsPath(phone)))
        .withRequestBody(equalToJson("{\"calling\":{\"callback_permission_status\":\"ENABLED\"}}")));
    // the same value again is no change: nothing more is pushed
    asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\":\"+" + display(phone) + "\",\"callbackRequestsEnabled\":true}");
    Thread.sleep(500);
    meta.verify(1, postRequestedFor(urlPathEqualTo(settingsPath(phone))));
  }

  @Test
  void metasRefusalShowsInTheSyncState() throws Exception {
    String phone = newNumber();
    meta.stubFor(post(urlPathEqualTo(settingsPath(phone))).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("""
            {"error":{"message":"Messaging limit too low to enable calling","type":"OAuthException",
              "code":138015,"fbtrace_id":"AbC"}}""")));

    asOperator("PUT", "/api/v1/phone-numbers/" + phone + "/calling-settings", "{\"status\":\"ENABLED\"}");

    JsonNode refused = awaitState(phone, "REFUSED");
    assertThat(refused.path("sync").path("lastError").path("code").asInt()).isEqualTo(138015);
    assertThat(refused.path("sync").path("lastError").path("message").asText()).contains("Messaging limit");
    assertThat(refused.path("confirmed").isNull()).isTrue();
  }

  @Test
  void wrongSettingsAreRefused400WithTheirFields_andNothingIsStoredOrPushed() throws Exception {
    String phone = newNumber();
    HttpResponse<String> put = asOperator("PUT", "/api/v1/phone-numbers/" + phone + "/calling-settings", """
        {"status":"ON","callHours":{"status":"ENABLED","timezoneId":"America/Atlantis",
          "weeklyOperatingHours":[{"dayOfWeek":"MONDAY","openTime":"1800","closeTime":"0900"}]}}""");

    assertThat(put.statusCode()).isEqualTo(400);
    JsonNode problem = json.readTree(put.body());
    assertThat(problem.path("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(problem.path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
        "status", "callHours.timezoneId", "callHours.weeklyOperatingHours[0]");
    assertThat(settings(phone).path("sync").path("state").asText()).isEqualTo("NONE");
    meta.verify(0, postRequestedFor(urlPathEqualTo(settingsPath(phone))));

    assertThat(asOperator("PUT", "/api/v1/phone-numbers/unknown-" + phone + "/calling-settings", "{}").statusCode())
        .isEqualTo(404);
    assertThat(send("PUT", "/api/v1/phone-numbers/" + phone + "/calling-settings", "{}").statusCode())
        .as("a service may read, only an operator may change").isEqualTo(403);
  }

  // --- helpers

  private String newNumber() throws Exception {
    String phone = "1065400" + (System.nanoTime() % 100_000_000);
    HttpResponse<String> put = asOperator("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\":\"+" + display(phone) + "\"}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return phone;
  }

  /** A Brazilian mobile number of the phone's last digits. */
  private static String display(String phone) {
    return "55119" + phone.substring(phone.length() - 8);
  }

  private static String settingsPath(String phone) {
    return "/v23.0/" + phone + "/settings";
  }

  private JsonNode awaitState(String phone, String state) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      last[0] = settings(phone);
      assertThat(last[0].path("sync").path("state").asText()).isEqualTo(state);
    });
    return last[0];
  }

  private JsonNode settings(String phone) throws Exception {
    HttpResponse<String> get = send("GET", "/api/v1/phone-numbers/" + phone + "/calling-settings", null);
    assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
    return json.readTree(get.body());
  }

  private JsonNode number(String phone) throws Exception {
    return json.readTree(send("GET", "/api/v1/phone-numbers/" + phone, null).body());
  }
}
