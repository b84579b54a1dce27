package io.wacall.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The operator's re-dispatch on a real PostgreSQL: failed events go back to the queue, delivered ones never. */
class WebhookRequeueTest {
  WebhookEventStore store;
  WebhookEventList events;

  @BeforeEach
  void setUp() {
    DataSource dataSource = TestDatabase.newDatabase();
    store = new WebhookEventStore(JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
    events = new WebhookEventList(JdbcClient.create(dataSource));
  }

  @Test
  void aFailedEventIsRequeuedDueNowWithItsHistoryKept() {
    long failed = insert("msg:wamid.failed");
    store.markFailed(claimed(failed), "no customer wa_id");

    assertThat(events.list(WebhookEventStatus.FAILED, null, 0, 10)).extracting(StoredWebhookEvent::id).containsExactly(failed);
    assertThat(store.requeue(List.of(failed))).isEqualTo(1);

    StoredWebhookEvent event = store.findById(failed).orElseThrow();
    assertThat(event.status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(event.nextAttemptAt()).isBeforeOrEqualTo(Instant.now().plusSeconds(1));
    assertThat(event.lastError()).contains("requeued by an operator").contains("FAILED").contains("no customer wa_id");
    assertThat(events.list(WebhookEventStatus.FAILED, null, 0, 10)).isEmpty();
  }

  @Test
  void aDispatchedOrPendingEventIsNeverRequeued() {
    long dispatched = insert("msg:wamid.done");
    store.markDispatched(claimed(dispatched));
    long pending = insert("msg:wamid.pending");
    assertThat(store.requeue(List.of(dispatched, pending))).isZero();
    assertThat(store.findById(dispatched).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
  }

  @Test
  void requeueFailedTakesOnlyFailedEventsOfTheKindAsked() {
    long a = insert("msg:wamid.a");
    long b = insert("status:wamid.b:read", "MESSAGE_STATUS");
    store.markFailed(claimed(a), "bad");
    store.markFailed(claimed(b), "bad");
    assertThat(store.requeueFailed("PERMISSION_REPLY", null)).isEqualTo(1);
    assertThat(store.findById(a).orElseThrow().status()).isEqualTo(WebhookEventStatus.PENDING);
    assertThat(store.findById(b).orElseThrow().status()).isEqualTo(WebhookEventStatus.FAILED);
    assertThat(store.requeueFailed(null, Instant.now().plusSeconds(3600))).isZero();
  }

  private StoredWebhookEvent claimed(long id) {
    return store.claim(List.of(id), Duration.ofMinutes(2)).get(0);
  }

  private long insert(String key) {
    return insert(key, "PERMISSION_REPLY");
  }

  private long insert(String key, String kind) {
    return store.insertAll(List.of(new NewWebhookEvent(key, kind, "106540352242922", "5521987650001", null, Instant.now(),
        "{}", "{}", WebhookEventStatus.PENDING, null))).get(0).id();
  }
}
