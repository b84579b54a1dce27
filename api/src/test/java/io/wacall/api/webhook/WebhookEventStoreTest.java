package io.wacall.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.wacall.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The webhook event store on a real PostgreSQL, with the project's own migrations. */
class WebhookEventStoreTest {
  private static final Duration LEASE = Duration.ofMinutes(2);

  private static DataSource dataSource;
  private static JdbcClient jdbc;
  private static WebhookEventStore store;

  @BeforeAll
  static void database() {
    dataSource = TestDatabase.newDatabase();
    jdbc = JdbcClient.create(dataSource);
    store = new WebhookEventStore(jdbc, new DataSourceTransactionManager(dataSource));
  }

  @BeforeEach
  void emptyTables() {
    jdbc.sql("TRUNCATE webhook_events, permission_requests RESTART IDENTITY").update();
  }

  @Test
  void anEventStoredTwice_isOneRow_andTheSecondInsertReportsNothingNew() {
    NewWebhookEvent reply = pending("msg:wamid.A");

    List<WebhookEventStore.Inserted> first = store.insertAll(List.of(reply));
    List<WebhookEventStore.Inserted> second = store.insertAll(List.of(reply));

    assertThat(first).extracting(WebhookEventStore.Inserted::dedupeKey).containsExactly("msg:wamid.A");
    assertThat(second).isEmpty();
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void aPayloadWithAnEventTwice_storesItOnce_andKeepsItsOtherEvents() {
    List<WebhookEventStore.Inserted> inserted = store.insertAll(List.of(
        pending("msg:wamid.A"), pending("msg:wamid.A"), pending("status:wamid.B:read")));

    assertThat(inserted).extracting(WebhookEventStore.Inserted::dedupeKey)
        .containsExactly("msg:wamid.A", "status:wamid.B:read");
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void aStoredEvent_keepsItsPayloadMetadataAndReason() {
    Instant at = Instant.parse("2026-07-01T10:00:00Z");
    store.insertAll(List.of(new NewWebhookEvent("call:wacid.X:connect", "CALL", "106540352242922", "13175551399", "wacid.X", at,
        "{\"call\":{\"id\":\"wacid.X\",\"event\":\"connect\"}}", "{\"callId\":\"wacid.X\",\"event\":\"connect\"}",
        WebhookEventStatus.IGNORED, "not yet")));

    StoredWebhookEvent row = store.findByDedupeKey("call:wacid.X:connect").orElseThrow();

    assertThat(row.kind()).isEqualTo("CALL");
    assertThat(row.phoneNumberId()).isEqualTo("106540352242922");
    assertThat(row.waId()).isEqualTo("13175551399");
    assertThat(row.eventTimestamp()).isEqualTo(at);
    assertThat(row.payload()).contains("\"id\": \"wacid.X\"");
    assertThat(row.event()).contains("\"callId\": \"wacid.X\"");
    assertThat(row.status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThat(row.lastError()).isEqualTo("not yet");
    assertThat(row.attempts()).isZero();
  }

  @Test
  void onlyPendingEventsAreClaimed_andAClaimedEventIsHiddenForItsLease() {
    store.insertAll(List.of(pending("a"), ignored("b"), pending("c")));

    List<StoredWebhookEvent> claimed = store.claimDue(10, LEASE);

    assertThat(claimed).extracting(StoredWebhookEvent::dedupeKey).containsExactly("a", "c");
    assertThat(store.claimDue(10, LEASE)).isEmpty();
    assertThat(claimed.get(0).nextAttemptAt()).isCloseTo(dbNow().plus(LEASE), within(5, ChronoUnit.SECONDS));
  }

  @Test
  void anEventWhoseClaimRanOut_isClaimedAgain_soADeadDispatcherLosesNothing() throws Exception {
    store.insertAll(List.of(pending("a")));
    assertThat(store.claimDue(10, Duration.ofMillis(200))).hasSize(1);

    Thread.sleep(300);

    assertThat(store.claimDue(10, LEASE)).extracting(StoredWebhookEvent::dedupeKey).containsExactly("a");
  }

  @Test
  void aClaimerSkipsRowsAnotherClaimerHoldsLocked_insteadOfWaitingOrTakingThemToo() throws Exception {
    store.insertAll(IntStream.range(0, 10).mapToObj(i -> pending("e" + i)).toList());

    Claims claims = claimWhileAnotherClaimIsNotCommitted(4);

    assertThat(ids(claims.first())).hasSize(4).doesNotContainAnyElementsOf(ids(claims.second()));
    assertThat(claims.second()).hasSize(6);
  }

  @Test
  void concurrentClaimers_neverGetTheSameEvent_andTogetherGetThemAll() throws Exception {
    int events = 300;
    store.insertAll(IntStream.range(0, events).mapToObj(i -> pending("e" + i)).toList());
    int claimers = 4;
    CyclicBarrier start = new CyclicBarrier(claimers);
    List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> running = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      for (int c = 0; c < claimers; c++) {
        running.add(CompletableFuture.runAsync(() -> {
          await(start);
          List<StoredWebhookEvent> batch;
          while (!(batch = store.claimDue(7, LEASE)).isEmpty()) {
            claimed.addAll(ids(batch));
          }
        }, pool));
      }
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(claimed).hasSize(events);
    assertThat(new HashSet<>(claimed)).hasSize(events);
  }

  @Test
  void aFailedAttempt_countsAndWaitsItsBackoff_beforeTheEventIsDueAgain() {
    long id = store.insertAll(List.of(pending("a"))).get(0).id();
    StoredWebhookEvent claimed = store.claimDue(10, LEASE).get(0);

    assertThat(store.scheduleRetry(claimed, "UNAVAILABLE: connection refused", Duration.ofSeconds(30))).isTrue();

    StoredWebhookEvent row = store.findById(id).orElseThrow();
    assertThat(row.status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(row.attempts()).isEqualTo(1);
    assertThat(row.lastError()).isEqualTo("UNAVAILABLE: connection refused");
    assertThat(row.nextAttemptAt()).isCloseTo(dbNow().plusSeconds(30), within(5, ChronoUnit.SECONDS));
    assertThat(store.claimDue(10, LEASE)).isEmpty();

    jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() - interval '1 second' WHERE id = :id")
        .param("id", id).update(); // the 30 s have passed

    assertThat(store.claimDue(10, LEASE)).extracting(StoredWebhookEvent::attempts).containsExactly(1);
  }

  @Test
  void postponedEvents_waitWithoutCountingAnAttempt() {
    long id = store.insertAll(List.of(pending("a"))).get(0).id();
    List<StoredWebhookEvent> claimed = store.claimDue(10, LEASE);

    assertThat(store.postponeClaimed(claimed, Duration.ofSeconds(20))).isEqualTo(1);

    StoredWebhookEvent row = store.findById(id).orElseThrow();
    assertThat(row.attempts()).isZero();
    assertThat(row.nextAttemptAt()).isCloseTo(dbNow().plusSeconds(20), within(5, ChronoUnit.SECONDS));
  }

  @Test
  void dispatchedIgnoredAndFailedEvents_areFinal_andNeverClaimedAgain() {
    List<WebhookEventStore.Inserted> rows = store.insertAll(List.of(pending("a"), pending("b"), pending("c")));
    List<StoredWebhookEvent> claimed = store.claimDue(10, Duration.ofMillis(1));

    store.markDispatched(claimed.get(0));
    store.markIgnored(claimed.get(1), "not ours");
    store.markFailed(claimed.get(2), "no wa_id");
    jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() - interval '1 hour'").update();

    assertThat(store.claimDue(10, LEASE)).isEmpty();
    StoredWebhookEvent dispatched = store.findById(rows.get(0).id()).orElseThrow();
    assertThat(dispatched.status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(dispatched.dispatchedAt()).isNotNull();
    assertThat(dispatched.attempts()).isEqualTo(1);
    assertThat(store.findById(rows.get(1).id()).orElseThrow().lastError()).isEqualTo("not ours");
    assertThat(store.findById(rows.get(2).id()).orElseThrow().status()).isEqualTo(WebhookEventStatus.FAILED);
  }

  @Test
  void claimingByIds_takesOnlyThoseStillPendingAndDue() {
    List<WebhookEventStore.Inserted> rows = store.insertAll(List.of(pending("a"), pending("b"), ignored("c")));
    long a = rows.get(0).id();
    long b = rows.get(1).id();
    long c = rows.get(2).id();
    store.claim(List.of(b), LEASE); // another dispatcher got b first

    assertThat(store.claim(List.of(a, b, c), LEASE)).extracting(StoredWebhookEvent::id).containsExactly(a);
  }

  @Test
  void aHugeErrorMessage_isShortenedBeforeItIsStored() {
    long id = store.insertAll(List.of(pending("a"))).get(0).id();

    store.scheduleRetry(store.claimDue(1, LEASE).get(0), "x".repeat(10_000), Duration.ofSeconds(1));

    assertThat(store.findById(id).orElseThrow().lastError()).hasSize(WebhookEventStore.MAX_ERROR_LENGTH);
  }

  @Test
  void permissionRequestLookup_findsOurRequestsByWamid_andNothingElse() {
    jdbc.sql("""
        INSERT INTO permission_requests (message_id, phone_number_id, wa_id, sent_at, expires_at)
        VALUES ('wamid.OURS', '106540352242922', '13175551399', now(), now() + interval '7 days')""").update();
    PermissionRequestLookup lookup = new PermissionRequestLookup(jdbc);

    assertThat(lookup.findByMessageId("wamid.OURS"))
        .contains(new PermissionRequestRef("wamid.OURS", "106540352242922", "13175551399"));
    assertThat(lookup.findByMessageId("wamid.CRM-NEWSLETTER")).isEmpty();
  }

  @Test
  void callEventsAreClaimedBeforeMessageStatusesAndOtherKinds_evenWhenTheseCameFirst() {
    store.insertAll(List.of(pending("status:1", "MESSAGE_STATUS"), pending("status:2", "MESSAGE_STATUS"),
        pending("reply:1", "PERMISSION_REPLY"), pending("status:3", "MESSAGE_STATUS"),
        pending("call:x:connect", "CALL"), pending("callstatus:y:ACCEPTED", "CALL_STATUS"),
        pending("unrecognised:1", "UNRECOGNISED")));

    assertThat(store.claimDue(2, LEASE)).extracting(StoredWebhookEvent::dedupeKey)
        .containsExactly("call:x:connect", "callstatus:y:ACCEPTED");
    assertThat(store.claimDue(10, LEASE)).extracting(StoredWebhookEvent::dedupeKey)
        .containsExactly("status:1", "status:2", "reply:1", "status:3", "unrecognised:1");
  }

  @Test
  void aBatchHandsItsCallEventsFirst_thenTheRestInTheOrderTheyCame() {
    List<WebhookEventStore.Inserted> rows = store.insertAll(List.of(pending("status:1", "MESSAGE_STATUS"),
        pending("call:x:connect", "CALL"), pending("status:2", "MESSAGE_STATUS"), pending("call:x:terminate", "CALL")));

    assertThat(store.claimDue(10, LEASE)).extracting(StoredWebhookEvent::dedupeKey)
        .containsExactly("call:x:connect", "call:x:terminate", "status:1", "status:2");
    jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() - interval '1 second'").update();
    assertThat(store.claim(rows.stream().map(WebhookEventStore.Inserted::id).toList(), LEASE))
        .extracting(StoredWebhookEvent::dedupeKey)
        .containsExactly("call:x:connect", "call:x:terminate", "status:1", "status:2");
  }

  @Test
  void dueEventsOfACallAreClaimedInTheOrderTheyCame_evenWhenTheFirstWasRetriedAndCameDueLater() {
    List<WebhookEventStore.Inserted> rows = store.insertAll(List.of(pending("call:x:connect", "CALL"),
        pending("call:x:terminate", "CALL")));
    // the connect failed once and came due again after the terminate did: both are due now
    jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() - interval '1 second' WHERE id = :id")
        .param("id", rows.get(0).id()).update();
    jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() - interval '1 minute' WHERE id = :id")
        .param("id", rows.get(1).id()).update();

    StoredWebhookEvent connect = store.claimDue(1, LEASE).get(0);
    assertThat(connect.dedupeKey()).isEqualTo("call:x:connect");
    assertThat(store.claimDue(1, LEASE)).as("not while its connect is being dispatched").isEmpty();
    store.markDispatched(connect);
    assertThat(store.claimDue(1, LEASE)).extracting(StoredWebhookEvent::dedupeKey).containsExactly("call:x:terminate");
  }

  @Test
  void aCallsEvent_isNotClaimedWhileAnEarlierEventOfItsCallWaitsOutABackoff_otherCallsAndKindsAre() {
    List<WebhookEventStore.Inserted> rows = store.insertAll(List.of(pending("call:x:connect", "CALL"),
        pending("callstatus:x:ACCEPTED", "CALL_STATUS"), pending("call:x:terminate", "CALL"),
        pending("call:y:connect", "CALL"), pending("status:1", "MESSAGE_STATUS")));
    long connect = rows.get(0).id();
    // the connect was tried once and waits out its backoff; the status and the terminate came due meanwhile
    jdbc.sql("UPDATE webhook_events SET attempts = 1, next_attempt_at = now() + interval '1 minute' WHERE id = :id")
        .param("id", connect).update();

    assertThat(store.claimDue(10, LEASE)).extracting(StoredWebhookEvent::dedupeKey)
        .containsExactly("call:y:connect", "status:1");
    assertThat(store.claim(List.of(rows.get(1).id(), rows.get(2).id()), LEASE)).as("nor by their ids").isEmpty();
    assertThat(store.claimNextOfCalls(List.of("x"), LEASE)).as("nor as the call's next").isEmpty();

    // its backoff over, the connect is claimed and delivered
    jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() WHERE id = :id").param("id", connect).update();
    assertThat(store.markDispatched(store.claim(List.of(connect), LEASE).get(0))).isTrue();

    assertThat(store.claimNextOfCalls(List.of("x"), LEASE)).extracting(StoredWebhookEvent::dedupeKey)
        .containsExactly("callstatus:x:ACCEPTED", "call:x:terminate");
  }

  @Test
  void aCallsEvent_isNotClaimedWhileAnotherClaimHoldsAnEarlierEventOfItsCall_andIsOnceThatOneIsSettled() {
    store.insertAll(List.of(pending("call:x:connect", "CALL")));
    StoredWebhookEvent connect = store.claimDue(10, LEASE).get(0); // being dispatched by this instance
    long terminate = store.insertAll(List.of(pending("call:x:terminate", "CALL"))).get(0).id();

    assertThat(store.claim(List.of(terminate), LEASE)).as("the terminate's own dispatch right after its POST").isEmpty();
    assertThat(store.claimDue(10, LEASE)).as("the retry loop").isEmpty();

    assertThat(store.markDispatched(connect)).isTrue();

    assertThat(store.claimNextOfCalls(List.of("x"), LEASE)).extracting(StoredWebhookEvent::id).containsExactly(terminate);
  }

  @Test
  void aCallsEvent_isNotClaimedWhileAnotherClaimerIsLockingAnEarlierEventOfItsCall_inATransactionNotCommittedYet()
      throws Exception {
    store.insertAll(List.of(pending("call:x:connect", "CALL"), pending("call:x:terminate", "CALL"),
        pending("call:y:connect", "CALL")));

    Claims claims = claimWhileAnotherClaimIsNotCommitted(1); // the other has locked the connect alone

    assertThat(claims.first()).extracting(StoredWebhookEvent::dedupeKey).containsExactly("call:x:connect");
    assertThat(claims.second()).extracting(StoredWebhookEvent::dedupeKey).containsExactly("call:y:connect");
  }

  @Test
  void callEventsPendingWhenV21Comes_getTheirCallFromTheirDedupeKey_andKeepTheirOrder() {
    PGSimpleDataSource upgraded = new PGSimpleDataSource();
    upgraded.setUrl(TestDatabase.jdbcUrl(TestDatabase.newDatabaseName()));
    upgraded.setUser("postgres");
    upgraded.setPassword("postgres");
    Flyway.configure().dataSource(upgraded).target("20").load().migrate();
    JdbcClient before = JdbcClient.create(upgraded);
    for (String[] row : new String[][] {{"call:wacid.UP:connect", "CALL", "PENDING"},
        {"callstatus:wacid.UP:ACCEPTED", "CALL_STATUS", "PENDING"}, {"call:wacid.UP:terminate", "CALL", "PENDING"},
        {"call:wacid.DONE:connect", "CALL", "DISPATCHED"}, {"msg:wamid.UP", "PERMISSION_REPLY", "PENDING"}}) {
      before.sql("""
              INSERT INTO webhook_events (dedupe_key, kind, payload, event, status, next_attempt_at)
              VALUES (:key, :kind, '{}', '{}', :status, now() + CASE WHEN :key LIKE 'call:%:connect' THEN interval '1 hour'
                                                                     ELSE interval '0' END)""")
          .param("key", row[0]).param("kind", row[1]).param("status", row[2]).update();
    }
    Flyway.configure().dataSource(upgraded).load().migrate();
    WebhookEventStore upgradedStore = new WebhookEventStore(JdbcClient.create(upgraded),
        new DataSourceTransactionManager(upgraded));

    assertThat(JdbcClient.create(upgraded).sql("SELECT dedupe_key || '=' || coalesce(call_key, '-') FROM webhook_events"
        + " ORDER BY id").query(String.class).list()).containsExactly("call:wacid.UP:connect=wacid.UP",
        "callstatus:wacid.UP:ACCEPTED=wacid.UP", "call:wacid.UP:terminate=wacid.UP", "call:wacid.DONE:connect=-",
        "msg:wamid.UP=-");
    // the connect waits out a backoff: its status and terminate stay behind it
    assertThat(upgradedStore.claimDue(10, LEASE)).extracting(StoredWebhookEvent::dedupeKey).containsExactly("msg:wamid.UP");
  }

  /** What a claimer took while it held its transaction open, and what a second one took meanwhile. */
  private record Claims(List<StoredWebhookEvent> first, List<StoredWebhookEvent> second) {}

  /**
   * A first claimer takes up to {@code firstLimit} events in a transaction it keeps open (its row
   * locks held) while a second claimer takes up to 10, which must not wait for it.
   */
  private static Claims claimWhileAnotherClaimIsNotCommitted(int firstLimit) throws Exception {
    CountDownLatch firstHasClaimed = new CountDownLatch(1);
    CountDownLatch secondIsDone = new CountDownLatch(1);
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<List<StoredWebhookEvent>> first = pool.submit(() -> tx.execute(status -> {
        List<StoredWebhookEvent> mine = store.claimDue(firstLimit, LEASE);
        firstHasClaimed.countDown();
        await(secondIsDone);
        return mine;
      }));
      assertThat(firstHasClaimed.await(10, TimeUnit.SECONDS)).isTrue();
      List<StoredWebhookEvent> second = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> store.claimDue(10, LEASE));
      secondIsDone.countDown();
      return new Claims(first.get(10, TimeUnit.SECONDS), second);
    } finally {
      secondIsDone.countDown();
      pool.shutdownNow();
    }
  }


  @Test
  void aClaimWhoseLeaseRanOutAndWasTakenOver_canNeitherRenewNorRecordAnything_theNewClaimCan() throws Exception {
    long id = store.insertAll(List.of(pending("a"))).get(0).id();
    WebhookEventStore other = new WebhookEventStore(JdbcClient.create(dataSource),
        new DataSourceTransactionManager(dataSource)); // another API instance
    StoredWebhookEvent mine = store.claimDue(10, Duration.ofMillis(200)).get(0);
    Thread.sleep(300);
    StoredWebhookEvent theirs = other.claimDue(10, LEASE).get(0);
    assertThat(theirs.claimId()).isNotNull().isNotEqualTo(mine.claimId());

    assertThat(store.renew(mine, LEASE)).isEmpty();
    assertThat(store.markDispatched(mine)).isFalse();
    assertThat(store.markFailed(mine, "stale")).isFalse();
    assertThat(store.markIgnored(mine, "stale")).isFalse();
    assertThat(store.scheduleRetry(mine, "stale", Duration.ofMinutes(1))).isFalse();
    assertThat(store.postponeClaimed(List.of(mine), Duration.ofMinutes(1))).isZero();
    StoredWebhookEvent untouched = store.findById(id).orElseThrow();
    assertThat(untouched.attempts()).isZero();
    assertThat(untouched.lastError()).isNull();
    assertThat(untouched.claimId()).isEqualTo(theirs.claimId());

    assertThat(other.renew(theirs, LEASE)).isPresent();
    assertThat(other.markIgnored(theirs, "theirs")).isTrue();
    assertThat(store.findById(id).orElseThrow().status()).isEqualTo(WebhookEventStatus.IGNORED);
  }

  @Test
  void renewingALease_runsItFromNow_soABatchsLaterEventsStayHiddenWhileTheyAreDispatched() throws Exception {
    long id = store.insertAll(List.of(pending("a"))).get(0).id();
    StoredWebhookEvent claimed = store.claimDue(10, Duration.ofMillis(300)).get(0);
    Thread.sleep(200);

    assertThat(store.renew(claimed, Duration.ofMillis(500))).isPresent();
    Thread.sleep(200); // past the first lease, within the renewed one

    assertThat(store.claimDue(10, LEASE)).isEmpty();
    assertThat(store.markDispatched(claimed)).isTrue();
    assertThat(store.findById(id).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
  }

  @Test
  void releasingAClaim_makesItsUnfinishedEventsDueNow_andLeavesFinishedRetriedAndOtherClaimsAlone() {
    List<WebhookEventStore.Inserted> rows = store.insertAll(List.of(pending("a"), pending("b"), pending("c"),
        pending("d"), pending("e")));
    List<StoredWebhookEvent> mine = store.claim(rows.subList(0, 4).stream().map(WebhookEventStore.Inserted::id).toList(),
        LEASE);
    StoredWebhookEvent someoneElses = store.claim(List.of(rows.get(4).id()), LEASE).get(0);
    assertThat(store.markDispatched(mine.get(0))).isTrue();
    assertThat(store.scheduleRetry(mine.get(1), "transient", Duration.ofMinutes(1))).isTrue();

    assertThat(store.release(List.of(mine.get(0).claimId()))).isEqualTo(2);

    assertThat(store.findById(mine.get(0).id()).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(store.findById(mine.get(1).id()).orElseThrow().nextAttemptAt())
        .isCloseTo(dbNow().plusSeconds(60), within(5, ChronoUnit.SECONDS));
    for (StoredWebhookEvent unfinished : mine.subList(2, 4)) {
      StoredWebhookEvent row = store.findById(unfinished.id()).orElseThrow();
      assertThat(row.status()).isEqualTo(WebhookEventStatus.PENDING);
      assertThat(row.attempts()).isZero();
      assertThat(row.nextAttemptAt()).isBeforeOrEqualTo(dbNow());
    }
    assertThat(store.findById(someoneElses.id()).orElseThrow().nextAttemptAt())
        .isCloseTo(dbNow().plus(LEASE), within(5, ChronoUnit.SECONDS));
    // a dispatch still in flight when its claim was given back records its outcome, if nobody took the event
    assertThat(store.markDispatched(mine.get(2))).isTrue();
    assertThat(store.claimDue(10, LEASE)).extracting(StoredWebhookEvent::id).containsExactly(mine.get(3).id());
  }

  private static NewWebhookEvent pending(String key) {
    return new NewWebhookEvent(key, "PERMISSION_REPLY", "106540352242922", "13175551399", null,
        Instant.parse("2026-07-01T10:00:00Z"), "{}", "{}", WebhookEventStatus.PENDING, null);
  }

  private static NewWebhookEvent pending(String key, String kind) {
    // a call's events carry their call, as the intake stores them: call:{wacid}:{event}, callstatus:{wacid}:{status}
    String callKey = kind.equals("CALL") || kind.equals("CALL_STATUS") ? key.split(":")[1] : null;
    return new NewWebhookEvent(key, kind, "106540352242922", "13175551399", callKey,
        Instant.parse("2026-07-01T10:00:00Z"), "{}", "{}", WebhookEventStatus.PENDING, null);
  }

  private static NewWebhookEvent ignored(String key) {
    return new NewWebhookEvent(key, "CALL", "106540352242922", "13175551399", null, null, "{}", "{}",
        WebhookEventStatus.IGNORED, "no router for call events is configured");
  }

  private int count() {
    return jdbc.sql("SELECT count(*) FROM webhook_events").query(Integer.class).single();
  }

  private Instant dbNow() {
    return jdbc.sql("SELECT now()").query(OffsetDateTime.class).single().toInstant();
  }

  private static Set<Long> ids(List<StoredWebhookEvent> events) {
    Set<Long> ids = new HashSet<>();
    events.forEach(e -> ids.add(e.id()));
    return ids;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
