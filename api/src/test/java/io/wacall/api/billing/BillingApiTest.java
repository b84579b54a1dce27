package io.wacall.api.billing;

import java.time.LocalDate;
import java.math.BigDecimal;
import io.wacall.backend.billing.LedgerReconciliations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.backend.billing.ChargeLedger;
import io.wacall.testsupport.TestDatabase;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.billing.ChargeRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** The billing endpoints over real HTTP, on a real PostgreSQL migrated by Flyway at startup. */
@SpringBootTest(classes = BillingApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.autoconfigure.exclude="
        + "io.temporal.spring.boot.autoconfigure.MetricsScopeAutoConfiguration,"
        + "io.temporal.spring.boot.autoconfigure.OpenTracingAutoConfiguration,"
        + "io.temporal.spring.boot.autoconfigure.TestServerAutoConfiguration,"
        + "io.temporal.spring.boot.autoconfigure.ServiceStubsAutoConfiguration,"
        + "io.temporal.spring.boot.autoconfigure.RootNamespaceAutoConfiguration,"
        + "io.temporal.spring.boot.autoconfigure.NonRootNamespaceAutoConfiguration")
class BillingApiTest {
  private static final String TOKEN = "billing-test-token";
  /** Rate cards are uploaded by an operator, not by a service. */
  private static final String OPERATOR_TOKEN = "billing-operator-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String url = TestDatabase.jdbcUrl(TestDatabase.newDatabaseName());
    registry.add("spring.datasource.url", () -> url);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("wacall.api.tokens", () -> TOKEN);
    registry.add("wacall.api.operator-tokens", () -> OPERATOR_TOKEN);
  }

  @LocalServerPort int port;
  @Autowired ChargeLedger ledger;
  @Autowired LedgerReconciliations reconciliations;
  RestClient http;

  @BeforeEach
  void client() {
    http = RestClient.builder()
        .baseUrl("http://localhost:" + port)
        .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
        .defaultStatusHandler(status -> true, (request, response) -> { })
        .build();
  }

  private ResponseEntity<String> get(String uri, MediaType accept) {
    // The URI as written: a template would encode its %2B a second time.
    var request = http.get().uri(URI.create("http://localhost:" + port + uri));
    if (accept != null) {
      request.accept(accept);
    }
    return request.retrieve().toEntity(String.class);
  }

  private ResponseEntity<String> get(String uri) {
    return get(uri, null);
  }

  private ResponseEntity<String> uploadCard(String effectiveFrom, String csv) {
    return http.post().uri("/api/v1/rate-cards?effectiveFrom={at}", effectiveFrom)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.valueOf("text/csv"))
        .body(csv)
        .retrieve().toEntity(String.class);
  }

  private static JsonNode json(ResponseEntity<String> response) {
    try {
      return JSON.readTree(response.getBody());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + response.getBody(), e);
    }
  }

  private void charge(String callId, CallDirection direction, String phoneNumberId, String number,
      String connectedAt, long seconds) {
    ledger.record(new ChargeRequest(callId, direction, phoneNumberId, number, Instant.parse(connectedAt), seconds));
  }

  // --- quote ---

  @Test
  void aQuoteFor56SecondsToMexicoIs10PulsesWithMoneyAsDecimalStrings() {
    ResponseEntity<String> response = get("/api/v1/billing/quote?to=%2B5215512345678&seconds=56");

    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
    assertThat(response.getBody()).contains("\"ratePerMinute\":\"0.0094\"", "\"amount\":\"0.0094\"");
    JsonNode quote = json(response);
    assertThat(quote.get("callable").asBoolean()).isTrue();
    assertThat(quote.get("reason").isNull()).isTrue();
    assertThat(quote.get("region").asText()).isEqualTo("MX");
    assertThat(quote.get("market").asText()).isEqualTo("Mexico");
    assertThat(quote.get("pulses").asLong()).isEqualTo(10);
    assertThat(quote.get("currency").asText()).isEqualTo("USD");
    assertThat(quote.get("rateCardVersion").asLong()).isEqualTo(1);
  }

  @Test
  void aQuoteTakesAWaIdAndAPlusThatArrivedAsASpace() {
    assertThat(json(get("/api/v1/billing/quote?to=18762101234")).get("market").asText())
        .isEqualTo("Rest of Latin America");
    assertThat(json(get("/api/v1/billing/quote?to=+77710009998")).get("region").asText()).isEqualTo("KZ");
  }

  @Test
  void aNotCallableMarketIsAnAnswer_notAnError() {
    JsonNode quote = json(get("/api/v1/billing/quote?to=%2B201001234567&seconds=60"));
    assertThat(quote.get("callable").asBoolean()).isFalse();
    assertThat(quote.get("market").asText()).isEqualTo("Egypt");
    assertThat(quote.get("reason").asText()).contains("Egypt is N/A");
    assertThat(quote.get("amount").isNull()).isTrue();
  }

  @Test
  void anInvalidNumberIsA400Problem() {
    ResponseEntity<String> response = get("/api/v1/billing/quote?to=%2B15550100", MediaType.APPLICATION_JSON);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("code").asText()).isEqualTo("INVALID_PHONE_NUMBER");
    assertThat(problem.get("parameter").asText()).isEqualTo("to");
    assertThat(problem.get("detail").asText()).contains("not a valid number");
  }

  @Test
  void aQuoteWithTheBusinessNumberUsesItsMonthToDateTier() {
    // Cards in these tests take effect in the 2090s: the shipped card stays the one in effect now.
    uploadCard("2091-01-01T00:00:00Z", """
        market,tier_from_minutes,rate_per_minute,currency
        Chile,0,0.0121,USD
        Chile,1,0.0055,USD
        """);
    String number = "quote-tier-number";
    charge("wacid.q1", CallDirection.BUSINESS_INITIATED, number, "+56961234567", "2091-05-03T10:00:00Z", 60);
    JsonNode list = json(get("/api/v1/billing/quote?to=%2B56961234567&seconds=6&at=2091-05-20T00:00:00Z"));
    JsonNode mine = json(get("/api/v1/billing/quote?to=%2B56961234567&seconds=6&at=2091-05-20T00:00:00Z"
        + "&phoneNumberId=" + number));
    assertThat(list.get("ratePerMinute").asText()).isEqualTo("0.0121");
    assertThat(mine.get("ratePerMinute").asText()).isEqualTo("0.0055");
    assertThat(mine.get("tier").asInt()).isEqualTo(2);
    assertThat(mine.get("amount").asText()).isEqualTo("0.00055");
  }

  // --- rate cards ---

  @Test
  void anUploadedCardBecomesTheNextVersion_andTakesEffectAtItsDate() {
    ResponseEntity<String> created = uploadCard("2092-02-01T00:00:00Z", """
        market,tier_from_minutes,rate_per_minute,currency
        Spain,0,0.0300,USD
        Turkey,0,N/A,USD
        """);
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long version = json(created).get("version").asLong();
    assertThat(created.getHeaders().getLocation()).hasPath("/api/v1/rate-cards/" + version);
    assertThat(json(created).get("rates").toString())
        .contains("{\"market\":\"Spain\",\"tierFromMinutes\":0,\"ratePerMinute\":\"0.03\",\"callable\":true}")
        .contains("{\"market\":\"Turkey\",\"tierFromMinutes\":0,\"ratePerMinute\":null,\"callable\":false}");

    JsonNode list = json(get("/api/v1/rate-cards"));
    assertThat(list.findValues("version")).extracting(JsonNode::asLong).contains(version, 1L);

    JsonNode before = json(get("/api/v1/billing/quote?to=%2B34612345678&at=2092-01-31T23:59:59Z"));
    JsonNode after = json(get("/api/v1/billing/quote?to=%2B34612345678&at=2092-02-01T00:00:00Z"));
    assertThat(before.get("rateCardVersion").asLong()).isNotEqualTo(version);
    assertThat(after.get("rateCardVersion").asLong()).isEqualTo(version);
    assertThat(after.get("amount").asText()).isEqualTo("0.03");
  }

  @Test
  void anInvalidCardIsA400ProblemNamingEveryWrongLine() {
    ResponseEntity<String> response = uploadCard("2093-03-01T00:00:00Z", """
        market,tier_from_minutes,rate_per_minute,currency
        Mexico,0,0.0094,USD
        Brasil,0,0.0100,USD
        Mexico,0,0.0090,USD
        Chile,0,-0.01,USD
        """);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    JsonNode problem = json(response);
    assertThat(problem.get("code").asText()).isEqualTo("INVALID_RATE_CARD");
    assertThat(problem.get("detail").asText()).startsWith("line 3: unknown market 'Brasil'");
    assertThat(problem.get("errors").findValues("line")).extracting(JsonNode::asInt).containsExactly(3, 4, 5);
    assertThat(problem.get("errors").get(1).get("message").asText()).contains("duplicate tier");
    assertThat(problem.get("errors").get(2).get("message").asText()).isEqualTo("negative rate -0.01");
  }

  @Test
  void aCardWithAMissingColumnOrWithoutAnEffectiveDateIsRefused() {
    ResponseEntity<String> missing = uploadCard("2093-03-01T00:00:00Z", "market,rate_per_minute\nMexico,0.01\n");
    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(missing).get("detail").asText()).startsWith("line 1: the header lacks tier_from_minutes, currency");

    ResponseEntity<String> undated = http.post().uri("/api/v1/rate-cards")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
        .contentType(MediaType.valueOf("text/csv")).body("market,tier_from_minutes,rate_per_minute,currency\n")
        .retrieve().toEntity(String.class);
    assertThat(undated.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(undated).get("detail").asText()).startsWith("effectiveFrom is required");
  }

  @Test
  void aCardEffectiveInThePastIsRefused_soACallThatAlreadyConnectedKeepsItsPrice() {
    // a call to Peru connected a minute ago; it is charged when it closes, after the upload below
    Instant connected = Instant.now().minusSeconds(60);
    JsonNode current = json(get("/api/v1/rate-cards/current"));
    String csv = get("/api/v1/rate-cards/" + current.get("version").asLong(), MediaType.valueOf("text/csv")).getBody();
    String dearerPeru = csv.replace("Peru,0,0.0121,USD", "Peru,0,0.5,USD");
    assertThat(dearerPeru).isNotEqualTo(csv);

    ResponseEntity<String> backdated = uploadCard(connected.minusSeconds(3600).toString(), dearerPeru);

    assertThat(backdated.getStatusCode()).as(backdated.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    JsonNode problem = json(backdated);
    assertThat(problem.get("code").asText()).isEqualTo("INVALID_PARAMETER");
    assertThat(problem.get("parameter").asText()).isEqualTo("effectiveFrom");
    assertThat(problem.get("detail").asText()).contains("is in the past", "from now or later");
    charge("wacid.peru-connected", CallDirection.BUSINESS_INITIATED, "backdated-card-number", "+51912345678",
        connected.toString(), 60);
    JsonNode row = json(get("/api/v1/billing/charges?callId=wacid.peru-connected")).get("items").get(0);
    assertThat(row.get("rateCardVersion").asLong()).isEqualTo(current.get("version").asLong());
    assertThat(row.get("ratePerMinute").asText()).isEqualTo("0.0121");
    assertThat(json(get("/api/v1/rate-cards/current")).get("version").asLong()).isEqualTo(current.get("version").asLong());
  }

  @Test
  void theCurrentCardComesWithItsMappingAndAsTheCsvItCanBeUploadedAs() {
    JsonNode current = json(get("/api/v1/rate-cards/current"));
    assertThat(current.get("markets").toString()).contains("\"market\":\"Rest of Latin America\"");
    assertThat(current.get("currency").asText()).isEqualTo("USD");

    ResponseEntity<String> csv = get("/api/v1/rate-cards/" + current.get("version").asLong(),
        MediaType.valueOf("text/csv"));
    assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.valueOf("text/csv"))).isTrue();
    assertThat(csv.getBody()).startsWith("market,tier_from_minutes,rate_per_minute,currency\n");
    // Round trip: what the API gives out, it takes back.
    assertThat(uploadCard("2099-01-01T00:00:00Z", csv.getBody()).getStatusCode()).isEqualTo(HttpStatus.CREATED);
  }

  // --- ledger ---

  @Test
  void chargesArePagedAndFiltered_withEveryFieldOfTheRow() {
    String number = "paging-number";
    for (int i = 0; i < 5; i++) {
      charge("wacid.p" + i, CallDirection.BUSINESS_INITIATED, number, "+5215512345678",
          "2026-04-0" + (i + 1) + "T10:00:00Z", 56);
    }
    charge("wacid.pin", CallDirection.USER_INITIATED, number, "+5215512345678", "2026-04-06T10:00:00Z", 30);

    JsonNode page = json(get("/api/v1/billing/charges?phoneNumberId=" + number + "&size=2&page=1"));
    assertThat(page.get("totalItems").asLong()).isEqualTo(6);
    assertThat(page.get("totalPages").asLong()).isEqualTo(3);
    assertThat(page.get("items").findValues("callId")).extracting(JsonNode::asText)
        .containsExactly("wacid.p2", "wacid.p3");
    JsonNode item = page.get("items").get(0);
    assertThat(item.get("direction").asText()).isEqualTo("BUSINESS_INITIATED");
    assertThat(item.get("phoneNumberId").asText()).isEqualTo(number);
    assertThat(item.get("region").asText()).isEqualTo("MX");
    assertThat(item.get("market").asText()).isEqualTo("Mexico");
    assertThat(item.get("connectedSeconds").asLong()).isEqualTo(56);
    assertThat(item.get("pulses").asLong()).isEqualTo(10);
    assertThat(item.get("ratePerMinute").asText()).isEqualTo("0.0094");
    assertThat(item.get("amount").isTextual()).isTrue();
    assertThat(item.get("amount").asText()).isEqualTo("0.0094");
    assertThat(item.get("currency").asText()).isEqualTo("USD");
    assertThat(item.get("rateCardVersion").asLong()).isPositive();
    assertThat(item.get("tier").asInt()).isEqualTo(1);
    assertThat(item.get("connectedAt").asText()).isEqualTo("2026-04-03T10:00:00Z");
    assertThat(Instant.parse(item.get("chargedAt").asText())).isNotNull();

    assertThat(page.get("totalIsExact").asBoolean()).isTrue();
    assertThat(page.get("hasMore").asBoolean()).isTrue();
    JsonNode next = json(get("/api/v1/billing/charges?phoneNumberId=" + number + "&size=2&cursor="
        + page.get("nextCursor").asText()));
    assertThat(next.get("items").findValues("callId")).extracting(JsonNode::asText)
        .containsExactly("wacid.p4", "wacid.pin");
    assertThat(next.get("hasMore").asBoolean()).isFalse();
    assertThat(next.get("totalItems").isNull()).as("a page by cursor counts nothing").isTrue();
    assertThat(next.get("nextCursor").isNull()).isTrue();
    JsonNode otherFilters = json(get("/api/v1/billing/charges?size=2&cursor=" + page.get("nextCursor").asText()));
    assertThat(otherFilters.get("status").asInt()).isEqualTo(400);
    assertThat(otherFilters.get("parameter").asText()).isEqualTo("cursor");

    JsonNode window = json(get("/api/v1/billing/charges?phoneNumberId=" + number
        + "&from=2026-04-02T00:00:00Z&to=2026-04-04T10:00:00Z"));
    assertThat(window.get("items").findValues("callId")).extracting(JsonNode::asText)
        .containsExactly("wacid.p1", "wacid.p2");
    JsonNode one = json(get("/api/v1/billing/charges?callId=wacid.pin"));
    assertThat(one.get("items").get(0).get("amount").asText()).isEqualTo("0");
    assertThat(one.get("items").get(0).get("tier").isNull()).isTrue();
  }

  @Test
  void chargesAsCsvAreAnExportOfEveryMatchingRow() {
    String number = "csv-number";
    charge("wacid.x1", CallDirection.BUSINESS_INITIATED, number, "+5215512345678", "2026-04-01T10:00:00Z", 7);
    charge("wacid.x2", CallDirection.USER_INITIATED, number, "+5215512345678", "2026-04-01T11:00:00Z", 20);

    ResponseEntity<String> csv = get("/api/v1/billing/charges?phoneNumberId=" + number + "&size=1",
        MediaType.valueOf("text/csv"));
    assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.valueOf("text/csv"))).isTrue();
    List<String> lines = csv.getBody().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("call_id,direction,phone_number_id,region,market,connected_at,"
        + "connected_seconds,pulses,rate_per_minute,amount,currency,rate_card_version,tier,tier_from_minutes,charged_at");
    assertThat(lines.get(1)).startsWith("wacid.x1,BUSINESS_INITIATED," + number
        + ",MX,Mexico,2026-04-01T10:00:00Z,7,2,0.0094,0.00188,USD,");
    assertThat(lines.get(2)).startsWith("wacid.x2,USER_INITIATED," + number
        + ",MX,Mexico,2026-04-01T11:00:00Z,20,0,0,0,USD,");
  }

  @Test
  void withoutAnAcceptHeaderTheAnswerIsJson() {
    ResponseEntity<String> response = get("/api/v1/billing/charges");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
    ResponseEntity<String> any = get("/api/v1/billing/summary?month=2026-01", MediaType.ALL);
    assertThat(any.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
  }

  @Test
  void theMonthlySummaryGivesEachMarketsCallsMinutesPulsesAndAmount_inJsonAndCsv() {
    String number = "summary-number";
    charge("wacid.s1", CallDirection.BUSINESS_INITIATED, number, "+5215512345678", "2026-03-05T10:00:00Z", 56);
    charge("wacid.s2", CallDirection.BUSINESS_INITIATED, number, "+5215512345678", "2026-03-06T10:00:00Z", 7);
    charge("wacid.s3", CallDirection.USER_INITIATED, number, "+5215512345678", "2026-03-07T10:00:00Z", 300);
    charge("wacid.s4", CallDirection.BUSINESS_INITIATED, number, "+971501234567", "2026-03-08T10:00:00Z", 60);
    charge("wacid.s5", CallDirection.BUSINESS_INITIATED, number, "+971501234567", "2026-04-01T00:00:00Z", 60);

    JsonNode summary = json(get("/api/v1/billing/summary?month=2026-03&phoneNumberId=" + number));
    assertThat(summary.get("month").asText()).isEqualTo("2026-03");
    assertThat(summary.get("zone").asText()).isEqualTo("UTC");
    JsonNode mexico = summary.get("markets").get(0);
    assertThat(mexico.get("market").asText()).isEqualTo("Mexico");
    assertThat(mexico.get("calls").asLong()).isEqualTo(3);
    assertThat(mexico.get("businessInitiatedCalls").asLong()).isEqualTo(2);
    assertThat(mexico.get("userInitiatedCalls").asLong()).isEqualTo(1);
    assertThat(mexico.get("pulses").asLong()).isEqualTo(12);
    assertThat(mexico.get("billedMinutes").asText()).isEqualTo("1.2");
    assertThat(mexico.get("amount").asText()).isEqualTo("0.01128"); // 12 pulses x 0.0094 / 10
    JsonNode emirates = summary.get("markets").get(1);
    assertThat(emirates.get("market").asText()).isEqualTo("United Arab Emirates");
    assertThat(emirates.get("calls").asLong()).isEqualTo(1);
    assertThat(emirates.get("amount").asText()).isEqualTo("0.0127");

    String csv = get("/api/v1/billing/summary?month=2026-03&phoneNumberId=" + number, MediaType.valueOf("text/csv"))
        .getBody();
    assertThat(csv.lines().toList()).containsExactly(
        "month,market,currency,calls,business_initiated_calls,user_initiated_calls,pulses,billed_minutes,amount",
        "2026-03,Mexico,USD,3,2,1,12,1.2,0.01128",
        "2026-03,United Arab Emirates,USD,1,1,0,10,1,0.0127");
  }

  @Test
  void badParametersAreProblemsNamingTheParameter() {
    JsonNode month = json(get("/api/v1/billing/summary?month=March", MediaType.APPLICATION_JSON));
    assertThat(month.get("status").asInt()).isEqualTo(400);
    assertThat(month.get("code").asText()).isEqualTo("INVALID_PARAMETER");
    assertThat(month.get("parameter").asText()).isEqualTo("month");
    JsonNode from = json(get("/api/v1/billing/charges?from=yesterday"));
    assertThat(from.get("detail").asText()).startsWith("from 'yesterday' is not an ISO-8601 instant");
    JsonNode size = json(get("/api/v1/billing/charges?size=0"));
    assertThat(size.get("parameter").asText()).isEqualTo("size");
  }

  @Test
  void aCsvClientAskingWronglyStillGetsAProblem() {
    ResponseEntity<String> response = get("/api/v1/billing/summary?month=2026-13", MediaType.valueOf("text/csv"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(json(response).get("detail").asText()).isEqualTo("month '2026-13' is not YYYY-MM");
  }

  @Test
  void theEndpointsAreInTheOpenApiDocument() {
    ResponseEntity<String> docs = get("/v3/api-docs");
    assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(docs.getBody()).contains("/api/v1/billing/quote", "/api/v1/billing/charges",
        "/api/v1/billing/summary", "/api/v1/rate-cards", "/api/v1/rate-cards/current");
  }

  @Test
  void theBillingEndpointsNeedTheApiBearerToken() {
    ResponseEntity<String> response = RestClient.create().get()
        .uri(URI.create("http://localhost:" + port + "/api/v1/billing/quote?to=%2B5215512345678"))
        .retrieve().onStatus(status -> true, (request, reply) -> { }).toEntity(String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theReconciledDaysAreListedNewestFirstAndTheDifferencesCanBeAskedForAlone() {
    Instant checked = Instant.parse("2026-06-02T06:00:00Z");
    reconciliations.save(new LedgerReconciliations.Row(LocalDate.parse("2026-06-01"), "1022901", CallDirection.BUSINESS_INITIATED,
        3, new BigDecimal("0.05"), 2, new BigDecimal("0.0342"), "USD", false, checked));
    reconciliations.save(new LedgerReconciliations.Row(LocalDate.parse("2026-06-01"), "1022901", CallDirection.USER_INITIATED,
        1, BigDecimal.ZERO, 1, BigDecimal.ZERO, "USD", true, checked));
    reconciliations.save(new LedgerReconciliations.Row(LocalDate.parse("2026-05-31"), "1022901", CallDirection.BUSINESS_INITIATED,
        0, BigDecimal.ZERO, 0, BigDecimal.ZERO, null, true, checked));

    JsonNode all = json(get("/api/v1/billing/reconciliations?from=2026-05-31&to=2026-06-01"));
    assertThat(all.get("enabled").asBoolean()).isFalse();
    assertThat(all.get("differences").asInt()).isEqualTo(1);
    assertThat(all.get("items")).extracting(i -> i.get("day").asText() + " " + i.get("direction").asText())
        .containsExactly("2026-06-01 BUSINESS_INITIATED", "2026-06-01 USER_INITIATED", "2026-05-31 BUSINESS_INITIATED");
    JsonNode differing = all.get("items").get(0);
    assertThat(differing.get("metaCalls").asLong()).isEqualTo(3);
    assertThat(differing.get("ledgerCost").asText()).isEqualTo("0.0342");
    assertThat(differing.get("costDifference").asText()).isEqualTo("-0.0158");

    JsonNode differences = json(get("/api/v1/billing/reconciliations?from=2026-05-01&to=2026-06-30&differencesOnly=true"));
    assertThat(differences.get("items")).hasSize(1);
    ResponseEntity<String> asOperator = http.get().uri("/api/v1/billing/reconciliations?from=2026-06-01&to=2026-06-01")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN).retrieve().toEntity(String.class);
    assertThat(asOperator.getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void reconcilingADayAgain_isRefusedWithoutAnAccountToCompare_andForADayThatIsNotOneOrHasNotBegun() {
    assertThat(reconcileAsOperator("2026-06-01").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(json(reconcileAsOperator("2026-06-01")).get("code").asText()).isEqualTo("RECONCILIATION_NOT_CONFIGURED");
    assertThat(json(reconcileAsOperator("June")).get("detail").asText()).isEqualTo("day must be a day, YYYY-MM-DD");
    String tomorrow = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    ResponseEntity<String> future = reconcileAsOperator(tomorrow);
    assertThat(future.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(future).get("parameter").asText()).isEqualTo("day");
  }

  private ResponseEntity<String> reconcileAsOperator(String day) {
    return http.post().uri("/api/v1/billing/reconciliations/" + day)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN).retrieve().toEntity(String.class);
  }

  @Test
  void aReconciliationSpanThatIsNotDaysInOrderIsRefused() {
    assertThat(json(get("/api/v1/billing/reconciliations?from=June")).get("detail").asText())
        .isEqualTo("from must be a day, YYYY-MM-DD");
    assertThat(json(get("/api/v1/billing/reconciliations?from=2026-06-02&to=2026-06-01")).get("parameter").asText())
        .isEqualTo("from");
    assertThat(json(get("/api/v1/billing/reconciliations?from=2024-01-01&to=2026-06-01")).get("detail").asText())
        .isEqualTo("at most 366 days at a time");
  }
}
