package io.wacall.api.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the call fault tests share: a business number with one agent and a rate card in effect (so
 * that a call's end writes its ledger row), Meta's call webhooks, the API over HTTP, and reads of
 * the test's database straight from PostgreSQL (never through a proxy a test cuts).
 */
final class CallFaultFixture {
  static final String CUSTOMER = "5521987650001";
  static final String SDP = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String phone;
  private final String agent;
  private final JdbcClient direct;
  private int port;

  CallFaultFixture(String phone, String agent, String database) {
    this.phone = phone;
    this.agent = agent;
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(TestDatabase.jdbcUrl(database));
    source.setUser("postgres");
    source.setPassword("postgres");
    this.direct = JdbcClient.create(source);
  }

  /** The number, its ring group of one agent, Meta accepting every call action, a rate card in effect now. */
  void setUp(int port, WireMockServer meta) throws Exception {
    this.port = port;
    meta.stubFor(post(urlPathEqualTo("/v23.0/" + phone + "/calls"))
        .willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"success\":true}")));
    expect200(send("PUT", "/api/v1/phone-numbers/" + phone,
        "{\"displayNumber\":\"+5511955550123\",\"ringTimeoutSeconds\":45}", ApiTestSupport.OPERATOR_TOKEN));
    expect200(send("PUT", "/api/v1/agents/" + agent,
        "{\"name\":\"Olga\",\"defaultChannel\":\"WEB_APP\",\"available\":true}", ApiTestSupport.OPERATOR_TOKEN));
    expect200(send("PUT", "/api/v1/phone-numbers/" + phone + "/ring-group",
        "{\"members\":[\"" + agent + "\"]}", ApiTestSupport.OPERATOR_TOKEN));
    if (direct.sql("SELECT count(*) FROM rate_cards").query(Long.class).single() == 0) {
      // a card takes effect from now on (never in the past): a second ahead, then wait for it
      Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
      HttpResponse<String> card = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/api/v1/rate-cards?effectiveFrom=" + from))
          .POST(HttpRequest.BodyPublishers.ofString("market,tier_from_minutes,rate_per_minute,currency\nBrazil,0,0.0100,USD\n"))
          .header("Content-Type", "text/csv")
          .header("Authorization", "Bearer " + ApiTestSupport.OPERATOR_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(card.statusCode()).as(card.body()).isEqualTo(201);
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), from).toMillis()) + 1_100);
    }
  }

  HttpResponse<String> webhook(String body) throws Exception {
    return ApiTestSupport.signedWebhook(http, port, body);
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return send(method, path, body, ApiTestSupport.TOKEN);
  }

  HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  JdbcClient db() {
    return direct;
  }

  /** The stored webhook events of the call (its call events and statuses): dedupe key, status, attempts. */
  java.util.List<java.util.Map<String, Object>> events(String wacid) {
    return direct.sql("""
            SELECT dedupe_key, status, attempts, last_error FROM webhook_events
            WHERE dedupe_key LIKE :call OR dedupe_key LIKE :status ORDER BY id""")
        .param("call", "call:" + wacid + ":%").param("status", "callstatus:" + wacid + ":%").query().listOfRows();
  }

  long stored(String dedupeKey) {
    return direct.sql("SELECT count(*) FROM webhook_events WHERE dedupe_key = :k").param("k", dedupeKey)
        .query(Long.class).single();
  }

  long ledgerRows(String callId) {
    return direct.sql("SELECT count(*) FROM billing_charges WHERE call_id = :id").param("id", callId)
        .query(Long.class).single();
  }

  long conversationLines(String callId) {
    return direct.sql("SELECT count(*) FROM conversation_events WHERE call_id = :id").param("id", callId)
        .query(Long.class).single();
  }

  /** The call's record as the worker last wrote it: status and outcome, or null when there is none. */
  String record(String callId) {
    return direct.sql("SELECT status || '/' || coalesce(outcome, '-') FROM call_records WHERE id = :id")
        .param("id", callId).query(String.class).optional().orElse(null);
  }

  /** Meta's connect webhook of a user-initiated call to the number. */
  String connect(String wacid, Instant at) {
    return envelope("""
        {"contacts":[{"profile":{"name":"Maria"},"wa_id":"%s"}],
         "calls":[{"id":"%s","from":"%s","to":"5511955550123","event":"connect","timestamp":"%d",
                   "direction":"USER_INITIATED","session":{"sdp_type":"offer","sdp":"v=0\\r\\n"}}]}"""
        .formatted(CUSTOMER, wacid, CUSTOMER, at.getEpochSecond()));
  }

  /** Meta's terminate webhook of that call: connected at {@code startTime} (never connected: null). */
  String terminate(String wacid, Instant at, Instant startTime) {
    String figures = startTime != null
        ? "\"status\":\"COMPLETED\",\"start_time\":\"%d\",\"end_time\":\"%d\",\"duration\":%d".formatted(
            startTime.getEpochSecond(), at.getEpochSecond(), at.getEpochSecond() - startTime.getEpochSecond())
        : "\"status\":\"Failed\"";
    return envelope("""
        {"calls":[{"id":"%s","from":"%s","to":"5511955550123","event":"terminate","timestamp":"%d",
                   "direction":"USER_INITIATED",%s}]}""".formatted(wacid, CUSTOMER, at.getEpochSecond(), figures));
  }

  /** Meta's connect webhook of the business's call {@code callbackData} to the customer: WhatsApp's SDP answer. */
  String outboundConnect(String wacid, Instant at, String callbackData) {
    return envelope("""
        {"calls":[{"id":"%s","from":"5511955550123","to":"%s","event":"connect","timestamp":"%d",
                   "direction":"BUSINESS_INITIATED","biz_opaque_callback_data":"%s",
                   "session":{"sdp_type":"answer","sdp":"v=0\\r\\n"}}]}"""
        .formatted(wacid, CUSTOMER, at.getEpochSecond(), callbackData));
  }

  /** A status ({@code RINGING}, {@code ACCEPTED}, {@code REJECTED}) of the business's call. */
  String outboundStatus(String wacid, String status, Instant at, String callbackData) {
    return envelope("""
        {"statuses":[{"id":"%s","type":"call","status":"%s","timestamp":"%d","recipient_id":"%s",
                      "biz_opaque_callback_data":"%s"}]}""".formatted(wacid, status, at.getEpochSecond(), CUSTOMER,
        callbackData));
  }

  /** Meta's terminate of the business's call, connected from {@code startTime} until {@code at}. */
  String outboundTerminate(String wacid, Instant at, Instant startTime, String callbackData) {
    return envelope("""
        {"calls":[{"id":"%s","from":"5511955550123","to":"%s","event":"terminate","timestamp":"%d",
                   "direction":"BUSINESS_INITIATED","biz_opaque_callback_data":"%s","status":"COMPLETED",
                   "start_time":"%d","end_time":"%d","duration":%d}]}""".formatted(wacid, CUSTOMER, at.getEpochSecond(),
        callbackData, startTime.getEpochSecond(), at.getEpochSecond(), at.getEpochSecond() - startTime.getEpochSecond()));
  }

  private String envelope(String value) {
    String inner = value.trim().substring(1);
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"100000000000000","changes":[{"field":"calls",
         "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"5511955550123",
         "phone_number_id":"%s"},%s}]}]}""".formatted(phone, inner);
  }

  static void expect200(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
