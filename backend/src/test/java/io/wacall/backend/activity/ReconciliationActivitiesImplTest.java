package io.wacall.backend.activity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wacall.backend.billing.LedgerReconciler;
import io.wacall.backend.billing.LedgerReconciliations;
import io.wacall.backend.billing.LedgerReconciliations.Row;
import io.wacall.backend.billing.ChargeLedger;
import io.wacall.backend.billing.RateCardRepository;
import io.wacall.backend.billing.ReconciliationProperties;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.CloudApiProperties;
import io.wacall.backend.cloudapi.GraphApiException;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.testsupport.TestDatabase;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.reconciliation.ReconciliationActivities.ReconciledDay;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The day's comparison against Meta's call analytics (WireMock) and the ledger on a real PostgreSQL. */
class ReconciliationActivitiesImplTest {
  static final String WABA = "102290129340398";
  static final String BUSINESS = "106540352242922";
  static final String OTHER_NUMBER = "106540352242999";
  static final LocalDate MAY_10 = LocalDate.parse("2026-05-10");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-11T06:00:00Z"), ZoneOffset.UTC);

  static WireMockServer meta;
  DataSource db;
  ChargeLedger ledger;
  LedgerReconciliations store;
  SimpleMeterRegistry registry;

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
  void freshWorld() {
    meta.resetAll();
    db = TestDatabase.newDatabase();
    ledger = new ChargeLedger(db, new DataSourceTransactionManager(db), new RateCardRepository(db,
        new DataSourceTransactionManager(db)), ZoneOffset.UTC, CLOCK);
    store = new LedgerReconciliations(db);
    registry = new SimpleMeterRegistry();
    // May 10: two business-initiated calls to Mexico on our number, one on another number, one free
    // customer call; May 11: one more, outside the day
    charge("outbound-call:a", CallDirection.BUSINESS_INITIATED, BUSINESS, "2026-05-10T00:00:00Z", 56);
    charge("outbound-call:b", CallDirection.BUSINESS_INITIATED, BUSINESS, "2026-05-10T23:59:59Z", 30);
    charge("outbound-call:c", CallDirection.BUSINESS_INITIATED, OTHER_NUMBER, "2026-05-10T12:00:00Z", 60);
    charge("inbound-call:d", CallDirection.USER_INITIATED, BUSINESS, "2026-05-10T10:00:00Z", 120);
    charge("outbound-call:e", CallDirection.BUSINESS_INITIATED, BUSINESS, "2026-05-11T00:00:00Z", 600);
  }

  void charge(String callId, CallDirection direction, String number, String connectedAt, long seconds) {
    ledger.record(new ChargeRequest(callId, direction, number, "+52 55 1234 5678", Instant.parse(connectedAt), seconds));
  }

  ReconciliationActivitiesImpl activities(List<String> numbers) {
    ReconciliationProperties properties = new ReconciliationProperties(
        List.of(new ReconciliationProperties.Account(WABA, numbers)), new BigDecimal("0.01"), null);
    return new ReconciliationActivitiesImpl(new LedgerReconciler(new CloudApiClient(CloudApiProperties.of(
        "http://127.0.0.1:" + meta.port(), "EAAtoken")), store, properties, new WacallMetrics(registry), CLOCK));
  }

  void metaSays(String direction, String body) {
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + WABA + "/call_analytics"))
        .withQueryParam("directions", equalTo("[\"" + direction + "\"]"))
        .willReturn(okJson(body)));
  }

  BigDecimal ledgerCost() {
    return store.ledger(MAY_10, CallDirection.BUSINESS_INITIATED, List.of(BUSINESS)).cost();
  }

  @Test
  void givenMetaAndTheLedgerAgree_theDayIsStoredAsMatching() {
    BigDecimal cost = ledgerCost();
    assertThat(cost).isPositive();
    metaSays("BUSINESS_INITIATED", """
        {"data":[{"data_points":[{"start":1778371200,"end":1778457600,"count":2,"cost":%s}]}]}""".formatted(cost));
    metaSays("USER_INITIATED", """
        {"data":[{"data_points":[{"start":1778371200,"end":1778457600,"count":1,"cost":0}]}]}""");

    ReconciledDay day = activities(List.of(BUSINESS)).reconcileDay(MAY_10);

    assertThat(day).isEqualTo(new ReconciledDay(MAY_10, 2, 0));
    List<Row> rows = store.list(MAY_10, MAY_10, false, 10);
    assertThat(rows).extracting(Row::direction, Row::metaCalls, Row::ledgerCalls, Row::matches).containsExactlyInAnyOrder(
        tuple(CallDirection.BUSINESS_INITIATED, 2L, 2L, true),
        tuple(CallDirection.USER_INITIATED, 1L, 1L, true));
    meta.verify(getRequestedFor(urlPathEqualTo("/v23.0/" + WABA + "/call_analytics"))
        .withQueryParam("start", equalTo(String.valueOf(Instant.parse("2026-05-10T00:00:00Z").getEpochSecond())))
        .withQueryParam("end", equalTo(String.valueOf(Instant.parse("2026-05-11T00:00:00Z").getEpochSecond())))
        .withQueryParam("granularity", equalTo("DAILY"))
        .withQueryParam("metric_types", equalTo("[\"COST\",\"COUNT\"]"))
        .withHeader("Authorization", equalTo("Bearer EAAtoken")));
    assertThat(registry.get("wacall.billing.reconciliation.rows").tag("result", "match").counters())
        .extracting(c -> c.getId().getTag("direction"), c -> c.count())
        .containsExactlyInAnyOrder(tuple("BUSINESS_INITIATED", 1.0),
            tuple("USER_INITIATED", 1.0));
    assertThat(store.list(MAY_10, MAY_10, true, 10)).isEmpty();
  }

  @Test
  void givenMetaCountsACallTheLedgerHasNot_theDayDiffersAndARunAgainReplacesItsRows() {
    BigDecimal cost = ledgerCost();
    metaSays("BUSINESS_INITIATED", """
        {"data":[{"data_points":[{"count":2,"cost":"%s"},{"count":1,"cost":0.05}]}]}""".formatted(cost));
    metaSays("USER_INITIATED", "{\"data\":[]}");

    ReconciliationActivitiesImpl activities = activities(List.of(BUSINESS));
    assertThat(activities.reconcileDay(MAY_10)).isEqualTo(new ReconciledDay(MAY_10, 2, 2));
    assertThat(activities.reconcileDay(MAY_10).differences()).isEqualTo(2);

    List<Row> differences = store.list(MAY_10, MAY_10, true, 10);
    assertThat(differences).hasSize(2);
    Row business = differences.stream().filter(r -> r.direction() == CallDirection.BUSINESS_INITIATED).findFirst().orElseThrow();
    assertThat(business.metaCalls()).isEqualTo(3);
    assertThat(business.ledgerCalls()).isEqualTo(2);
    assertThat(business.costDifference()).isEqualByComparingTo("-0.05");
    assertThat(registry.get("wacall.billing.reconciliation.cost.difference").tag("direction", "BUSINESS_INITIATED")
        .gauge().value()).isEqualTo(-0.05);
  }

  @Test
  void givenNoNumbersListed_everyNumberInTheLedgerCounts() {
    metaSays("BUSINESS_INITIATED", "{\"data\":[{\"data_points\":[{\"count\":3,\"cost\":0}]}]}");
    metaSays("USER_INITIATED", "{\"data\":[{\"data_points\":[{\"count\":1}]}]}");

    activities(List.of()).reconcileDay(MAY_10);

    assertThat(store.list(MAY_10, MAY_10, false, 10)).extracting(Row::ledgerCalls).containsExactlyInAnyOrder(3L, 1L);
  }

  @Test
  void givenAnAnswerWithoutData_theActivityFailsAndStoresNothing() {
    meta.stubFor(get(urlPathEqualTo("/v23.0/" + WABA + "/call_analytics")).willReturn(aResponse()
        .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"error_free\":true}")));

    assertThatThrownBy(() -> activities(List.of(BUSINESS)).reconcileDay(MAY_10))
        .isInstanceOf(GraphApiException.class).hasMessageContaining("call analytics");
    assertThat(store.list(MAY_10, MAY_10, false, 10)).isEmpty();
  }
}
