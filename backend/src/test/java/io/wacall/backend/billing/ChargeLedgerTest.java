package io.wacall.backend.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.testsupport.TestDatabase;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.ChargeRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The ledger on a real PostgreSQL, migrated by the project's own Flyway scripts. */
class ChargeLedgerTest {
  private static final String BUSINESS = "106540352242922";
  private static final String MEXICO = "+52 55 1234 5678";
  private static final Instant MAY_10 = Instant.parse("2026-05-10T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC);
  /** When the operator uploads the cards of these tests: before the calls they price (a card is never backdated). */
  private static final Clock UPLOADED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private DataSource db;
  private DataSourceTransactionManager transactions;
  private RateCardRepository cards;
  private RateCards rateCards;
  private ChargeLedger ledger;
  private ChargeQueries queries;
  private JdbcClient sql;
  private ExecutorService pool;

  @BeforeEach
  void freshDatabase() {
    db = TestDatabase.newDatabase();
    transactions = new DataSourceTransactionManager(db);
    cards = new RateCardRepository(db, transactions);
    rateCards = new RateCards(cards, MarketMapping.fromClasspath(DefaultRateCard.MARKET_MAPPING), UPLOADED);
    ledger = new ChargeLedger(db, transactions, cards, ZoneOffset.UTC, CLOCK);
    queries = new ChargeQueries(db);
    sql = JdbcClient.create(db);
  }

  @AfterEach
  void stopThreads() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static ChargeRequest business(String callId, String number, Instant connectedAt, long seconds) {
    return new ChargeRequest(callId, CallDirection.BUSINESS_INITIATED, BUSINESS, number, connectedAt, seconds);
  }

  private long rows() {
    return sql.sql("SELECT count(*) FROM billing_charges").query(Long.class).single();
  }

  private long volume(String market, LocalDate month) {
    return queries.monthToDatePulses(BUSINESS, market, month);
  }

  /** A card with a tier boundary a few minutes in, so that tests can cross it. */
  private RateCard mexicoTiers(Instant effectiveFrom, long boundaryMinutes) {
    return rateCards.upload("""
        market,tier_from_minutes,rate_per_minute,currency
        Mexico,0,0.0100,USD
        Mexico,%d,0.0050,USD
        """.formatted(boundaryMinutes), effectiveFrom, "test");
  }

  @Test
  void aFreshDatabaseHoldsTheShippedSampleCardAsVersion1FromTheEpoch() {
    RateCard card = cards.inEffectAt(Instant.parse("1970-01-01T00:00:00Z")).orElseThrow();
    assertThat(card.version()).isEqualTo(1);
    assertThat(card.effectiveFrom()).isEqualTo(Instant.EPOCH);
    assertThat(card.source()).contains("SAMPLE");
    assertThat(card.rates()).hasSize(32);
    assertThat(card.mapping().marketOf("JM")).isEqualTo("Rest of Latin America");
    assertThat(card.ratesFor("Egypt").orElseThrow().callable()).isFalse();
  }

  @Test
  void aBusinessCallOf56SecondsToMexicoIs10PulsesAtTheRate_storedExactly() {
    ChargeRecord row = ledger.record(business("wacid.1", MEXICO, MAY_10, 56));

    assertThat(row.region()).isEqualTo("MX");
    assertThat(row.market()).isEqualTo("Mexico");
    assertThat(row.pulses()).isEqualTo(10);
    assertThat(row.ratePerMinute()).isEqualTo(new BigDecimal("0.0094"));
    assertThat(row.amount()).isEqualTo(new BigDecimal("0.0094"));
    assertThat(row.currency()).isEqualTo("USD");
    assertThat(row.rateCardVersion()).isEqualTo(1);
    assertThat(row.tier()).isEqualTo(1);
    assertThat(row.tierFromMinutes()).isZero();
    assertThat(row.chargedAt()).isEqualTo(CLOCK.instant());
    assertThat(ledger.find("wacid.1")).contains(row);
    assertThat(volume("Mexico", LocalDate.of(2026, 5, 1))).isEqualTo(10);
  }

  @Test
  void moneyColumnsAreNumeric_andHoldTheExactDecimal() {
    ledger.record(business("wacid.7s", MEXICO, MAY_10, 7)); // 2 pulses of 0.0094 = 0.00188
    Map<String, Object> stored = sql.sql(
            "SELECT rate_per_minute::text AS rate, amount::text AS amount FROM billing_charges")
        .query().singleRow();
    assertThat(stored).containsEntry("rate", "0.00940000").containsEntry("amount", "0.001880000");
    List<String> types = sql.sql("""
            SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns
            WHERE column_name IN ('rate_per_minute', 'amount') ORDER BY 1""")
        .query(String.class).list();
    assertThat(types).containsExactly("billing_charges.amount numeric",
        "billing_charges.rate_per_minute numeric", "rate_card_rates.rate_per_minute numeric");
  }

  @Test
  void aCustomerInitiatedCallIsFree_butRecorded_andAddsNoVolume() {
    ChargeRecord row = ledger.record(new ChargeRequest("wacid.in", CallDirection.USER_INITIATED, BUSINESS,
        MEXICO, MAY_10, 300));

    assertThat(row.direction()).isEqualTo(CallDirection.USER_INITIATED);
    assertThat(row.market()).isEqualTo("Mexico");
    assertThat(row.connectedSeconds()).isEqualTo(300);
    assertThat(row.pulses()).isZero();
    assertThat(row.amount()).isEqualByComparingTo("0");
    assertThat(row.ratePerMinute()).isEqualByComparingTo("0");
    assertThat(row.rateCardVersion()).isEqualTo(1);
    assertThat(row.tier()).isNull();
    assertThat(rows()).isEqualTo(1);
    assertThat(volume("Mexico", LocalDate.of(2026, 5, 1))).isZero();
  }

  @Test
  void aCustomerCallFromANotCallableMarketIsStillRecorded() {
    // Anyone may call the business; N/A only stops the business calling out.
    ChargeRecord row = ledger.record(new ChargeRequest("wacid.us", CallDirection.USER_INITIATED, BUSINESS,
        "+1 201 555 0123", MAY_10, 60));
    assertThat(row.market()).isEqualTo("North America");
    assertThat(row.amount()).isEqualByComparingTo("0");
  }

  @Test
  void aCustomerCallFromANumberWithoutARegionIsRecordedWithoutOne() {
    ChargeRecord row = ledger.record(new ChargeRequest("wacid.odd", CallDirection.USER_INITIATED, BUSINESS,
        "+999 1234", MAY_10, 60));
    assertThat(row.region()).isNull();
    assertThat(row.market()).isNull();
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void aRetryWithTheSameFiguresReturnsTheStoredRow_andWritesNothingMore() {
    ChargeRecord first = ledger.record(business("wacid.2", MEXICO, MAY_10, 56));
    ChargeRecord again = ledger.record(business("wacid.2", MEXICO, MAY_10, 56));

    assertThat(again).isEqualTo(first);
    assertThat(rows()).isEqualTo(1);
    assertThat(volume("Mexico", LocalDate.of(2026, 5, 1))).isEqualTo(10);
  }

  @Test
  void aSecondAttemptWithDifferentFiguresIsAConflict_notAnOverwrite() {
    ChargeRecord first = ledger.record(business("wacid.3", MEXICO, MAY_10, 56));

    assertThatThrownBy(() -> ledger.record(business("wacid.3", MEXICO, MAY_10, 57)))
        .isInstanceOf(BillingException.ChargeConflict.class)
        .hasMessageContaining("wacid.3")
        .hasMessageContaining("connectedSeconds stored 56, now 57");
    assertThatThrownBy(() -> ledger.record(new ChargeRequest("wacid.3", CallDirection.USER_INITIATED, BUSINESS,
            MEXICO, MAY_10, 56)))
        .isInstanceOf(BillingException.ChargeConflict.class)
        .hasMessageContaining("direction");
    assertThatThrownBy(() -> ledger.record(business("wacid.3", "+57 321 1234567", MAY_10, 56)))
        .isInstanceOf(BillingException.ChargeConflict.class)
        .hasMessageContaining("region stored MX, now CO");
    assertThat(ledger.find("wacid.3")).contains(first);
    assertThat(volume("Mexico", LocalDate.of(2026, 5, 1))).isEqualTo(10);
  }

  @Test
  void fiftyConcurrentAttemptsForOneCallMakeOneRow() throws Exception {
    int attempts = 50;
    pool = Executors.newFixedThreadPool(attempts);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ChargeRecord>> results = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return ledger.record(business("wacid.dup", MEXICO, MAY_10, 56));
      }));
    }
    start.countDown();
    List<ChargeRecord> answers = new ArrayList<>();
    for (Future<ChargeRecord> result : results) {
      answers.add(result.get(30, TimeUnit.SECONDS));
    }

    assertThat(answers).hasSize(attempts).allSatisfy(answer -> assertThat(answer).isEqualTo(answers.get(0)));
    assertThat(rows()).isEqualTo(1);
    assertThat(volume("Mexico", LocalDate.of(2026, 5, 1))).isEqualTo(10);
  }

  @Test
  void concurrentCallsInOneMarketKeepTheMonthToDateVolumeExact_andCrossTheTierExactlyOnce() throws Exception {
    mexicoTiers(Instant.parse("2026-01-01T00:00:00Z"), 2); // 0.0100 for 2 minutes, then 0.0050
    int calls = 40;
    pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ChargeRecord>> results = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      String callId = "wacid.c" + i;
      results.add(pool.submit(() -> {
        start.await();
        return ledger.record(business(callId, MEXICO, MAY_10, 56)); // 10 pulses each
      }));
    }
    start.countDown();
    List<ChargeRecord> rows = new ArrayList<>();
    for (Future<ChargeRecord> result : results) {
      rows.add(result.get(30, TimeUnit.SECONDS));
    }

    assertThat(volume("Mexico", LocalDate.of(2026, 5, 1))).isEqualTo(calls * 10L);
    assertThat(rows()).isEqualTo(calls);
    // Whatever order they ran in: the first two calls fill minutes 0-2, every later one is beyond.
    Map<Integer, Long> byTier = rows.stream().collect(Collectors.groupingBy(ChargeRecord::tier, Collectors.counting()));
    assertThat(byTier).containsExactlyInAnyOrderEntriesOf(Map.of(1, 2L, 2, 38L));
    BigDecimal total = sql.sql("SELECT sum(amount) FROM billing_charges").query(BigDecimal.class).single();
    assertThat(total).isEqualByComparingTo("0.21"); // 2 x 0.0100 + 38 x 0.0050
  }

  @Test
  void aCallCrossingATierBoundaryIsPricedWhollyAtTheCheaperTier() {
    mexicoTiers(Instant.parse("2026-01-01T00:00:00Z"), 1);
    ChargeRecord half = ledger.record(business("wacid.a", MEXICO, MAY_10, 30));     // pulses 0-5
    ChargeRecord crossing = ledger.record(business("wacid.b", MEXICO, MAY_10, 56)); // pulses 5-15

    assertThat(half.tier()).isEqualTo(1);
    assertThat(half.amount()).isEqualByComparingTo("0.005");   // 5 pulses at 0.0100
    assertThat(crossing.tier()).isEqualTo(2);
    assertThat(crossing.tierFromMinutes()).isEqualTo(1);
    assertThat(crossing.ratePerMinute()).isEqualByComparingTo("0.0050");
    assertThat(crossing.amount()).isEqualByComparingTo("0.005"); // all 10 pulses at 0.0050
  }

  @Test
  void volumeStartsAgainEachMonth_countedInTheConfiguredZone() {
    mexicoTiers(Instant.parse("2026-01-01T00:00:00Z"), 1);
    ledger.record(business("wacid.may", MEXICO, MAY_10, 60));
    ChargeRecord june = ledger.record(business("wacid.june", MEXICO, Instant.parse("2026-06-02T00:00:00Z"), 60));
    assertThat(june.tier()).isEqualTo(1);

    // 03:00 UTC on June 1 is still May 31 in Mexico City: with that zone the call counts in May.
    ChargeLedger mexicoCity = new ChargeLedger(db, transactions, cards, ZoneId.of("America/Mexico_City"), CLOCK);
    ChargeRecord lateMay = mexicoCity.record(business("wacid.late", MEXICO, Instant.parse("2026-06-01T03:00:00Z"), 60));
    assertThat(lateMay.tier()).isEqualTo(2);
    assertThat(volume("Mexico", LocalDate.of(2026, 5, 1))).isEqualTo(20);
  }

  @Test
  void aCallIsPricedOnTheCardInEffectWhenItConnected() {
    RateCard july = rateCards.upload("""
        market,tier_from_minutes,rate_per_minute,currency
        Mexico,0,0.0200,USD
        """, Instant.parse("2026-06-01T00:00:00Z"), "test");

    ChargeRecord before = ledger.record(business("wacid.old", MEXICO, Instant.parse("2026-05-31T23:59:59Z"), 60));
    ChargeRecord after = ledger.record(business("wacid.new", MEXICO, Instant.parse("2026-06-01T00:00:00Z"), 60));

    assertThat(before.rateCardVersion()).isEqualTo(1);
    assertThat(before.amount()).isEqualByComparingTo("0.0094");
    assertThat(after.rateCardVersion()).isEqualTo(july.version());
    assertThat(after.amount()).isEqualByComparingTo("0.02");
  }

  @Test
  void aMarketAbsentFromTheCardInEffectCannotBeCharged() {
    rateCards.upload("market,tier_from_minutes,rate_per_minute,currency\nMexico,0,0.02,USD\n",
        Instant.parse("2026-01-01T00:00:00Z"), "test");
    assertThatThrownBy(() -> ledger.record(business("wacid.co", "+57 321 1234567", MAY_10, 60)))
        .isInstanceOf(BillingException.MarketNotCallable.class)
        .hasMessageContaining("has no rate for Colombia");
  }

  @Test
  void aBusinessCallToANaMarketIsRefused_andNothingIsWritten() {
    assertThatThrownBy(() -> ledger.record(business("wacid.eg", "+20 100 123 4567", MAY_10, 60)))
        .isInstanceOf(BillingException.MarketNotCallable.class)
        .hasMessageContaining("Egypt is N/A");
    assertThat(rows()).isZero();
  }

  @Test
  void aBusinessCallToAnInvalidNumberIsRefused_neverGuessed() {
    assertThatThrownBy(() -> ledger.record(business("wacid.bad", "+1 555 0100", MAY_10, 60)))
        .isInstanceOf(BillingException.InvalidPhoneNumber.class);
    assertThat(rows()).isZero();
  }

  @Test
  void anIncompleteRequestIsRefused() {
    assertThatThrownBy(() -> ledger.record(business(" ", MEXICO, MAY_10, -1)))
        .isInstanceOf(BillingException.InvalidChargeRequest.class)
        .hasMessage("callId is required; connectedSeconds cannot be negative (-1)");
    assertThatThrownBy(() -> ledger.record(business("wacid.x", MEXICO, null, 1)))
        .isInstanceOf(BillingException.InvalidChargeRequest.class)
        .hasMessage("connectedAt is required");
  }

  @Test
  void aCallBeforeAnyCardIsRefused() {
    sql.sql("UPDATE rate_cards SET effective_from = '2026-01-01T00:00:00Z'").update();
    ChargeLedger fresh = new ChargeLedger(db, transactions, new RateCardRepository(db, transactions),
        ZoneOffset.UTC, CLOCK);
    assertThatThrownBy(() -> fresh.record(business("wacid.early", MEXICO, Instant.parse("2025-12-31T23:00:00Z"), 6)))
        .isInstanceOf(BillingException.NoRateCard.class);
  }
}
