package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.temporaryAcceptNow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The retention of the webhook event store on a real PostgreSQL, with a clock the test moves:
 * payloads go after the payload retention, dedupe keys stay for the dedupe window (a redelivery is
 * still a duplicate), rows go once both have passed, and what is not settled is never touched.
 * Events come in through the real intake and parser; nothing here needs Temporal (no router, so
 * the intake stores them IGNORED, a settled status like DISPATCHED).
 */
class WebhookRetentionTest {
  private static final Duration LEASE = Duration.ofMinutes(2);

  private static DataSource dataSource;
  private static JdbcClient jdbc;
  private static WebhookEventStore store;
  private static WebhookIntake intake;

  private MutableClock clock;
  private SimpleMeterRegistry registry;

  @BeforeAll
  static void database() {
    dataSource = TestDatabase.newDatabase();
    jdbc = JdbcClient.create(dataSource);
    store = new WebhookEventStore(jdbc, new DataSourceTransactionManager(dataSource));
    intake = new WebhookIntake(new WebhookPayloadParser(), new WebhookRouting(List.of()), store,
        new WebhookEventJson(new ObjectMapper().findAndRegisterModules()), WacallMetrics.noop());
  }

  @BeforeEach
  void emptyStore() {
    jdbc.sql("TRUNCATE webhook_events RESTART IDENTITY").update();
    clock = new MutableClock(Instant.now());
    registry = new SimpleMeterRegistry();
  }

  @Test
  void withTheDefaults_aSettledEventKeepsItsPayloadThirtyDays_thenItsRowGoes_whilePendingAndFailedStay() {
    WebhookRetention retention = retention(WebhookProperties.withSecrets(null, null));
    long ignored = received("wamid.RET-IGNORED");
    long dispatched = dispatched("msg:wamid.RET-DISPATCHED");
    long retrying = retrying("msg:wamid.RET-RETRYING");
    long failed = failed("msg:wamid.RET-FAILED");

    clock.advance(Duration.ofDays(29));
    assertThat(retention.purgeDue()).isEqualTo(new WebhookRetention.Purged(0, 0, true));
    assertThat(List.of(ignored, dispatched, retrying, failed)).allSatisfy(id ->
        assertThat(row(id).payload()).isNotNull());

    clock.advance(Duration.ofDays(2));
    assertThat(retention.purgeDue()).isEqualTo(new WebhookRetention.Purged(0, 2, true));

    assertThat(store.findById(ignored)).isEmpty();
    assertThat(store.findById(dispatched)).isEmpty();
    assertThat(row(retrying).status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(row(retrying).payload()).isNotNull();
    assertThat(row(failed).status()).isEqualTo(WebhookEventStatus.FAILED);
    assertThat(row(failed).payload()).isNotNull();
    assertThat(registry.counter("wacall.webhook.events.purged", "part", "row").count()).isEqualTo(2);
  }

  @Test
  void aPayloadRetentionShorterThanTheDedupeWindow_purgesThePayload_keepsTheKey_andARedeliveryIsStillADuplicate() {
    WebhookRetention retention = retention(WebhookProperties.withSecrets(null, null)
        .withRetention(Duration.ofDays(2), Duration.ofDays(8), 100));
    JsonNode reply = temporaryAcceptNow("31612340001", "wamid.RET-REDELIVERED");
    assertThat(intake.accept(reply).stored()).hasSize(1);
    long id = store.findByDedupeKey("msg:wamid.RET-REDELIVERED").orElseThrow().id();
    assertThat(row(id).event()).as("the decoded event, stored by the intake").isNotNull();

    clock.advance(Duration.ofDays(3));
    assertThat(retention.purgeDue()).isEqualTo(new WebhookRetention.Purged(1, 0, true));

    StoredWebhookEvent purged = row(id);
    assertThat(purged.payload()).isNull();
    assertThat(purged.event()).as("purged with Meta's item: it names the customer too").isNull();
    assertThat(purged.payloadPurgedAt()).isNotNull();
    assertThat(purged.dedupeKey()).isEqualTo("msg:wamid.RET-REDELIVERED");
    assertThat(purged.waId()).isEqualTo("31612340001");
    WebhookIntake.Result redelivered = intake.accept(reply); // Meta redelivers within its 7 days
    assertThat(redelivered.stored()).isEmpty();
    assertThat(redelivered.duplicates()).isEqualTo(1);
    assertThat(registry.counter("wacall.webhook.events.purged", "part", "payload").count()).isEqualTo(1);

    clock.advance(Duration.ofDays(4)); // day 7: still inside the dedupe window
    assertThat(retention.purgeDue()).isEqualTo(new WebhookRetention.Purged(0, 0, true));
    assertThat(store.findById(id)).isPresent();

    clock.advance(Duration.ofDays(2)); // day 9: both windows have passed
    assertThat(retention.purgeDue()).isEqualTo(new WebhookRetention.Purged(0, 1, true));
    assertThat(store.findById(id)).isEmpty();
    assertThat(registry.counter("wacall.webhook.events.purged", "part", "row").count()).isEqualTo(1);
  }

  @Test
  void eventsNotSettled_areNeverPurged_evenPastBothWindows_andAPurgedEventIsNeverRequeued() {
    WebhookRetention retention = retention(WebhookProperties.withSecrets(null, null)
        .withRetention(Duration.ofDays(2), Duration.ofDays(8), 100));
    long pending = pending("msg:wamid.RET-PENDING");
    long retrying = retrying("msg:wamid.RET-RETRYING-2");
    long failed = failed("msg:wamid.RET-FAILED-2");
    long ignored = received("wamid.RET-IGNORED-2");

    clock.advance(Duration.ofDays(3));
    retention.purgeDue();
    assertThat(row(ignored).payload()).isNull();
    assertThat(store.requeue(List.of(ignored))).as("nothing could dispatch it").isZero();
    assertThat(row(ignored).status()).isEqualTo(WebhookEventStatus.IGNORED);

    clock.advance(Duration.ofDays(365));
    retention.purgeDue();
    for (long id : List.of(pending, retrying, failed)) {
      assertThat(row(id).payload()).isNotNull();
      assertThat(row(id).payloadPurgedAt()).isNull();
    }
    assertThat(store.findById(ignored)).isEmpty();
    // and the database itself refuses an event waiting for dispatch without its payload
    assertThatThrownBy(() -> jdbc.sql("UPDATE webhook_events SET payload = NULL, payload_purged_at = now() WHERE id = :id")
        .param("id", pending).update()).isInstanceOf(DataIntegrityViolationException.class);
    // and a decoded event kept after Meta's item was purged
    long settled = received("wamid.RET-IGNORED-3");
    assertThatThrownBy(() -> jdbc.sql("UPDATE webhook_events SET payload = NULL, payload_purged_at = now() WHERE id = :id")
        .param("id", settled).update()).isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void aBacklogIsPurgedInBoundedBatches_andTheRestIsLeftForTheNextRun() {
    WebhookRetention retention = retention(WebhookProperties.withSecrets(null, null)
        .withRetention(Duration.ofDays(30), Duration.ofDays(8), 2));
    int backlog = 2 * WebhookRetention.MAX_BATCHES_PER_RUN + 3;
    store.insertAll(IntStream.range(0, backlog).mapToObj(i -> settled("msg:wamid.RET-BACKLOG-" + i)).toList());

    clock.advance(Duration.ofDays(31));

    assertThat(retention.purgeDue()).isEqualTo(new WebhookRetention.Purged(0, 2 * WebhookRetention.MAX_BATCHES_PER_RUN, false));
    assertThat(retention.purgeDue()).isEqualTo(new WebhookRetention.Purged(0, 3, true));
    assertThat(jdbc.sql("SELECT count(*) FROM webhook_events").query(Long.class).single()).isZero();
  }

  // ---- helpers

  private WebhookRetention retention(WebhookProperties properties) {
    return new WebhookRetention(store, properties, new WacallMetrics(registry), clock);
  }

  /** A permission reply through the intake: with no router, stored IGNORED. */
  private long received(String wamid) {
    intake.accept(temporaryAcceptNow("31612340002", wamid));
    return store.findByDedupeKey("msg:" + wamid).orElseThrow().id();
  }

  private long pending(String key) {
    return store.insertAll(List.of(new NewWebhookEvent(key, "PERMISSION_REPLY", "pn-1", "31612340003", null, Instant.now(),
        "{\"n\":1}", "{\"n\":1}", WebhookEventStatus.PENDING, null))).get(0).id();
  }

  private long dispatched(String key) {
    long id = pending(key);
    assertThat(store.markDispatched(claimedAlone(id))).isTrue();
    return id;
  }

  /** Waiting for its next attempt after a failed one. */
  private long retrying(String key) {
    long id = pending(key);
    assertThat(store.scheduleRetry(claimedAlone(id), "Temporal unavailable", Duration.ofMinutes(5))).isTrue();
    return id;
  }

  private long failed(String key) {
    long id = pending(key);
    assertThat(store.markFailed(claimedAlone(id), "no such workflow")).isTrue();
    return id;
  }

  private StoredWebhookEvent claimedAlone(long id) {
    List<StoredWebhookEvent> claimed = store.claim(List.of(id), LEASE);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  private static NewWebhookEvent settled(String key) {
    return new NewWebhookEvent(key, "UNRECOGNISED", null, null, null, null, "{\"n\":1}", "{\"n\":1}", WebhookEventStatus.IGNORED,
        "not handled");
  }

  private StoredWebhookEvent row(long id) {
    return store.findById(id).orElseThrow(() -> new AssertionError("no event " + id));
  }

  /** A clock the test moves forward. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
