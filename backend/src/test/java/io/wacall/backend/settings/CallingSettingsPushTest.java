package io.wacall.backend.settings;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.activity.CallingSettingsActivitiesImpl;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.CloudApiProperties;
import io.wacall.backend.settings.CallingSettingsStore.SyncState;
import io.wacall.backend.store.directory.CallingProperties;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.wacall.backend.store.directory.CallingRestrictions.Kind;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.backend.store.directory.PhoneNumberUpdate;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.settings.CallingSettingsActivities.Pushed;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The push of a number's calling settings ({@code PushCallingSettings}) against Meta as WireMock on
 * loopback and a real PostgreSQL: the POST Meta gets, Meta's view read back with its restrictions,
 * Meta's refusal kept, Meta failing retried; and Meta's reports ({@code account_settings_update})
 * applied to the stored view and the callback marker.
 */
class CallingSettingsPushTest {
  static final String PHONE = "106540352242922";
  static final Instant T = Instant.parse("2026-07-01T10:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SETTINGS_PATH = "/v23.0/" + PHONE + "/settings";

  static WireMockServer meta;
  JdbcClient jdbc;
  PhoneNumberRepository numbers;
  CallingSettingsStore store;
  CallingRestrictions restrictions;
  CallingSettingsActivitiesImpl activities;

  @BeforeAll
  static void startMeta() {
    meta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    meta.start();
  }

  @AfterAll
  static void stopMeta() {
    meta.stop();
  }

  @BeforeEach
  void setUp() {
    meta.resetAll();
    DataSource db = TestDatabase.newDatabase();
    jdbc = JdbcClient.create(db);
    Clock clock = Clock.fixed(T, ZoneOffset.UTC);
    numbers = new PhoneNumberRepository(jdbc, JSON, CallingProperties.defaults(), clock);
    store = new CallingSettingsStore(jdbc, new JdbcTransactionManager(db), clock);
    restrictions = new CallingRestrictions(jdbc);
    CloudApiClient cloudApi = new CloudApiClient(CloudApiProperties.of("http://127.0.0.1:" + meta.port(), "token"));
    activities = new CallingSettingsActivitiesImpl(cloudApi, store, restrictions, clock);
    numbers.save(PHONE, new PhoneNumberUpdate("+5511955550123", null, null, false, null));
  }

  @Test
  void theLatestWantedSettingsAreSentWithTheCallbackMarker_andMetasViewIsReadBackWithItsRestrictions() throws Exception {
    meta.stubFor(post(urlPathEqualTo(SETTINGS_PATH)).willReturn(okJson("{\"success\":true}")));
    meta.stubFor(get(urlPathEqualTo(SETTINGS_PATH)).willReturn(okJson("""
        {"calling":{"status":"ENABLED","call_icon_visibility":"DEFAULT","callback_permission_status":"ENABLED",
          "call_hours":{"status":"ENABLED","timezone_id":"America/Sao_Paulo",
            "weekly_operating_hours":[{"day_of_week":"MONDAY","open_time":"0900","close_time":"1800"}],
            "holiday_schedule":[{"date":"2026-12-25","start_time":"0000","end_time":"2359"}]},
          "srtp_key_exchange_protocol":"DTLS",
          "restrictions":{"restrictions_list":[{"type":"RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING",
            "reason":"high negative feedback","expiration":1783000000}]}}}""")));
    long first = store.saveDesired(PHONE, new CallingSettings("DISABLED", null, null, null));
    long latest = store.saveDesired(PHONE, CallingSettingsRulesTest.issueExample());

    Pushed pushed = activities.push(PHONE, first);

    assertThat(pushed).isEqualTo(new Pushed(latest, false, null));
    meta.verify(1, postRequestedFor(urlPathEqualTo(SETTINGS_PATH)).withRequestBody(equalToJson("""
        {"calling":{"status":"ENABLED","call_icon_visibility":"DEFAULT","callback_permission_status":"ENABLED",
          "call_hours":{"status":"ENABLED","timezone_id":"America/Sao_Paulo",
            "weekly_operating_hours":[{"day_of_week":"MONDAY","open_time":"0900","close_time":"1800"}],
            "holiday_schedule":[{"date":"2026-12-25","start_time":"0000","end_time":"2359"}]}}}""")));
    meta.verify(1, getRequestedFor(urlPathEqualTo(SETTINGS_PATH)));
    CallingSettingsStore.Row row = store.find(PHONE).orElseThrow();
    assertThat(row.state()).isEqualTo(SyncState.SYNCED);
    assertThat(MetaCallingJson.fromMeta(row.confirmed())).isEqualTo(CallingSettingsRulesTest.issueExample());
    assertThat(row.confirmed().path("srtp_key_exchange_protocol").asText()).as("kept as Meta sent it").isEqualTo("DTLS");
    assertThat(numbers.find(PHONE).orElseThrow().callbackRequestsEnabled()).as("one fact with the setting").isTrue();
    assertThat(restrictions.inForce(PHONE, T)).extracting(CallingRestrictions.Restriction::kind)
        .containsExactly(Kind.BUSINESS_INITIATED, Kind.USER_INITIATED);
    assertThat(restrictions.businessInitiatedPausedUntil(PHONE, T)).contains(Instant.ofEpochSecond(1783000000));
  }

  @Test
  void metasRefusalIsKeptWithItsCode_andTheRevisionIsSettled() {
    meta.stubFor(post(urlPathEqualTo(SETTINGS_PATH)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("""
            {"error":{"message":"Calling is not enabled: subscribe the app to the calls webhook field",
              "type":"OAuthException","code":138018,"fbtrace_id":"AbC"}}""")));
    long revision = store.saveDesired(PHONE, new CallingSettings("ENABLED", null, null, null));

    assertThat(activities.push(PHONE, revision)).isEqualTo(new Pushed(revision, true, 138018));

    CallingSettingsStore.Row row = store.find(PHONE).orElseThrow();
    assertThat(row.state()).isEqualTo(SyncState.REFUSED);
    assertThat(row.lastError().code()).isEqualTo(138018);
    assertThat(row.lastError().message()).contains("subscribe the app");
    meta.verify(0, getRequestedFor(urlPathEqualTo(SETTINGS_PATH)));
    // the next change is pending again
    store.saveDesired(PHONE, new CallingSettings("DISABLED", null, null, null));
    assertThat(store.find(PHONE).orElseThrow().state()).isEqualTo(SyncState.PENDING);
  }

  @Test
  void metaFailing_failsTheActivityRetryably_andNothingIsSettled() {
    meta.stubFor(post(urlPathEqualTo(SETTINGS_PATH)).willReturn(aResponse().withStatus(503)));
    long revision = store.saveDesired(PHONE, new CallingSettings("ENABLED", null, null, null));

    ApplicationFailure failure = catchThrowableOfType(() -> activities.push(PHONE, revision), ApplicationFailure.class);

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(store.find(PHONE).orElseThrow().state()).isEqualTo(SyncState.PENDING);
  }

  @Test
  void metasReportBecomesTheConfirmedView_andTheCallbackMarker_unlessItIsOlderThanWhatIsKnown() throws Exception {
    ObjectNode report = (ObjectNode) JSON.readTree("""
        {"status":"ENABLED","call_icon_visibility":"DEFAULT","callback_permission_status":"ENABLED"}""");

    assertThat(store.applyMetaReport(PHONE, report, T.plusSeconds(5))).isTrue();
    assertThat(numbers.find(PHONE).orElseThrow().callbackRequestsEnabled()).isTrue();
    assertThat(store.find(PHONE).orElseThrow().confirmed().path("status").asText()).isEqualTo("ENABLED");

    // a redelivered report from before the last one changes nothing
    ObjectNode older = report.deepCopy().put("callback_permission_status", "DISABLED").put("status", "DISABLED");
    assertThat(store.applyMetaReport(PHONE, older, T.minusSeconds(60))).isFalse();
    assertThat(numbers.find(PHONE).orElseThrow().callbackRequestsEnabled()).isTrue();
    assertThat(store.find(PHONE).orElseThrow().confirmed().path("status").asText()).isEqualTo("ENABLED");

    // a number wacall does not know
    assertThat(store.applyMetaReport("999000", report, T)).isFalse();
    assertThat(jdbc.sql("SELECT count(*) FROM calling_settings").query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void aReportOfTheCallbackMadeBeforeAnOperatorsLaterChange_doesNotUndoIt() throws Exception {
    store.saveDesired(PHONE, new CallingSettings(null, null, "ENABLED", null)); // desired_at = T
    ObjectNode report = (ObjectNode) JSON.readTree("{\"callback_permission_status\":\"DISABLED\"}");

    store.applyMetaReport(PHONE, report, T.minusSeconds(30));

    assertThat(numbers.find(PHONE).orElseThrow().callbackRequestsEnabled()).isTrue();
    assertThat(store.push(PHONE).orElseThrow().calling().path("callback_permission_status").asText()).isEqualTo("ENABLED");
    assertThat(List.of(store.find(PHONE).orElseThrow().confirmed().path("callback_permission_status").asText()))
        .as("Meta's view still shows what Meta said").containsExactly("DISABLED");
  }
}
