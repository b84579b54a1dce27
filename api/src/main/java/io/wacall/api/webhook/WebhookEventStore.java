package io.wacall.api.webhook;

import io.wacall.backend.store.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable store behind the webhook endpoint ({@code webhook_events}): every event that passed
 * the signature check is written here before Meta gets its 200, and the dispatcher works from it.
 *
 * <p>Dispatchers claim events with a lease rather than holding row locks across the call to
 * Temporal: a claim moves {@code next_attempt_at} past the lease in a short transaction
 * ({@code FOR UPDATE SKIP LOCKED}, so several API instances can claim side by side and never get
 * the same row), and a dispatcher that dies mid-way leaves the event to be claimed again when the
 * lease runs out. All times come from the database's clock, so instances with skewed clocks agree.
 *
 * <p>A row holds Meta's item as it came ({@code payload}) and the event as the intake decoded it
 * ({@code event}, see {@link WebhookEventJson}), which is what the dispatcher routes.
 *
 * <p>Retention (see WebhookRetention, which decides the cut-offs): a settled event (DISPATCHED or
 * IGNORED) loses its payload (both columns) first and its row, with its dedupe key, later; PENDING
 * and FAILED events are never purged, and a purged event is never requeued.
 */
@Repository
public class WebhookEventStore {
  /** {@code last_error} keeps the start of an error; stack-trace-sized messages help no one. */
  static final int MAX_ERROR_LENGTH = 2_000;

  private static final String COLUMNS = "id, dedupe_key, kind, phone_number_id, wa_id, event_timestamp, "
      + "payload::text AS payload, event::text AS event, status, attempts, next_attempt_at, last_error, received_at, "
      + "dispatched_at, payload_purged_at";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public WebhookEventStore(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /** What {@link #insertAll} stored: events whose key was already there are left out. */
  public record Inserted(long id, String dedupeKey, WebhookEventStatus status) {}

  /**
   * Stores the events of one POST in one transaction. An event whose dedupe key is already stored
   * (a redelivery, or the same event twice in one payload) is dropped.
   *
   * @return the events actually inserted, in input order
   */
  public List<Inserted> insertAll(List<NewWebhookEvent> events) {
    return transactions.execute(tx -> {
      List<Inserted> inserted = new ArrayList<>(events.size());
      for (NewWebhookEvent e : events) {
        jdbc.sql("""
                INSERT INTO webhook_events
                  (dedupe_key, kind, phone_number_id, wa_id, event_timestamp, payload, event, status, last_error)
                VALUES (:key, :kind, :pnid, :waId, :ts, CAST(:payload AS jsonb), CAST(:event AS jsonb), :status, :reason)
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING id""")
            .param("key", e.dedupeKey())
            .param("kind", e.kind())
            .param("pnid", e.phoneNumberId())
            .param("waId", e.waId())
            .param("ts", Timestamps.of(e.eventTimestamp()))
            .param("payload", e.payload())
            .param("event", e.event())
            .param("status", e.status().name())
            .param("reason", truncate(e.reason()))
            .query(Long.class)
            .optional()
            .ifPresent(id -> inserted.add(new Inserted(id, e.dedupeKey(), e.status())));
      }
      return inserted;
    });
  }

  /**
   * Claims up to {@code limit} PENDING events that are due, oldest first, and hides them from other
   * claimers for {@code lease}. Rows another transaction is claiming right now are skipped.
   */
  public List<StoredWebhookEvent> claimDue(int limit, Duration lease) {
    return claim("""
        SELECT id FROM webhook_events
        WHERE status = 'PENDING' AND next_attempt_at <= now()
        ORDER BY next_attempt_at, id
        LIMIT :limit
        FOR UPDATE SKIP LOCKED""", lease, limit, List.of());
  }

  /** Claims these events, if they are still PENDING, due and not being claimed elsewhere. */
  public List<StoredWebhookEvent> claim(Collection<Long> ids, Duration lease) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return claim("""
        SELECT id FROM webhook_events
        WHERE id IN (:ids) AND status = 'PENDING' AND next_attempt_at <= now()
        FOR UPDATE SKIP LOCKED""", lease, ids.size(), ids);
  }

  private List<StoredWebhookEvent> claim(String selectDue, Duration lease, int limit, Collection<Long> ids) {
    List<StoredWebhookEvent> claimed = transactions.execute(tx -> {
      JdbcClient.StatementSpec spec = jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() + :leaseMs * interval '1 millisecond' "
              + "WHERE id IN (" + selectDue + ") RETURNING " + COLUMNS)
          .param("leaseMs", lease.toMillis())
          .param("limit", limit);
      if (!ids.isEmpty()) {
        spec = spec.param("ids", ids);
      }
      return spec.query(WebhookEventStore::map).list();
    });
    List<StoredWebhookEvent> sorted = new ArrayList<>(claimed);
    sorted.sort(Comparator.comparingLong(StoredWebhookEvent::id)); // RETURNING has no order
    return sorted;
  }

  /** The event reached its workflow. */
  public void markDispatched(long id) {
    finish(id, WebhookEventStatus.DISPATCHED, null);
  }

  /** The event is deliberately not acted upon (say, a status of a message that is not ours). */
  public void markIgnored(long id, String reason) {
    finish(id, WebhookEventStatus.IGNORED, reason);
  }

  /** The event cannot be dispatched as it is; it waits for a person, not for a retry. */
  public void markFailed(long id, String reason) {
    finish(id, WebhookEventStatus.FAILED, reason);
  }

  private void finish(long id, WebhookEventStatus status, String reason) {
    jdbc.sql("""
            UPDATE webhook_events
            SET status = :status, attempts = attempts + 1, last_error = :reason,
                dispatched_at = CASE WHEN :status = 'DISPATCHED' THEN now() END
            WHERE id = :id AND status = 'PENDING'""")
        .param("status", status.name())
        .param("reason", truncate(reason))
        .param("id", id)
        .update();
  }

  /** A dispatch attempt failed for a reason that may pass: counted, and tried again after {@code delay}. */
  public void scheduleRetry(long id, String error, Duration delay) {
    jdbc.sql("""
            UPDATE webhook_events
            SET attempts = attempts + 1, last_error = :error,
                next_attempt_at = now() + :delayMs * interval '1 millisecond'
            WHERE id = :id AND status = 'PENDING'""")
        .param("error", truncate(error))
        .param("delayMs", delay.toMillis())
        .param("id", id)
        .update();
  }

  /** Claimed events that were not tried (the target was down): due again after {@code delay}, not counted. */
  public void postpone(Collection<Long> ids, Duration delay) {
    if (ids.isEmpty()) {
      return;
    }
    jdbc.sql("""
            UPDATE webhook_events SET next_attempt_at = now() + :delayMs * interval '1 millisecond'
            WHERE id IN (:ids) AND status = 'PENDING'""")
        .param("delayMs", delay.toMillis())
        .param("ids", ids)
        .update();
  }

  /**
   * Purges the payloads (Meta's item and the decoded event) of up to {@code limit} settled events
   * (DISPATCHED or IGNORED) received before {@code receivedBefore}, oldest first; their rows and
   * dedupe keys stay. Rows another transaction holds are skipped (the next run takes them).
   * Returns how many were purged.
   */
  public int purgePayloads(Instant receivedBefore, int limit) {
    return jdbc.sql("""
            UPDATE webhook_events SET payload = NULL, event = NULL, payload_purged_at = now()
            WHERE id IN (SELECT id FROM webhook_events
                         WHERE status IN ('DISPATCHED', 'IGNORED') AND payload IS NOT NULL
                           AND received_at < :before
                         ORDER BY received_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)""")
        .param("before", Timestamps.of(receivedBefore))
        .param("limit", limit)
        .update();
  }

  /**
   * Deletes up to {@code limit} settled events (DISPATCHED or IGNORED) received before
   * {@code receivedBefore}, oldest first, dedupe keys and all. Returns how many were deleted.
   */
  public int deleteSettled(Instant receivedBefore, int limit) {
    return jdbc.sql("""
            DELETE FROM webhook_events
            WHERE id IN (SELECT id FROM webhook_events
                         WHERE status IN ('DISPATCHED', 'IGNORED') AND received_at < :before
                         ORDER BY received_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)""")
        .param("before", Timestamps.of(receivedBefore))
        .param("limit", limit)
        .update();
  }

  /** FAILED events received before {@code receivedBefore}: never purged, they wait for an operator. */
  public long countFailedReceivedBefore(Instant receivedBefore) {
    return jdbc.sql("SELECT count(*) FROM webhook_events WHERE status = 'FAILED' AND received_at < :before")
        .param("before", Timestamps.of(receivedBefore))
        .query(Long.class)
        .single();
  }

  public Optional<StoredWebhookEvent> findById(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_events WHERE id = :id")
        .param("id", id).query(WebhookEventStore::map).optional();
  }

  public Optional<StoredWebhookEvent> findByDedupeKey(String dedupeKey) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_events WHERE dedupe_key = :key")
        .param("key", dedupeKey).query(WebhookEventStore::map).optional();
  }

  /** Events of one status (any when null), newest first: what an operator looks at. */
  public List<StoredWebhookEvent> list(WebhookEventStatus status, String kind, int offset, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_events"
            + " WHERE (CAST(:status AS text) IS NULL OR status = :status)"
            + " AND (CAST(:kind AS text) IS NULL OR kind = :kind)"
            + " ORDER BY received_at DESC, id DESC OFFSET :offset LIMIT :limit")
        .param("status", status == null ? null : status.name())
        .param("kind", kind)
        .param("offset", offset)
        .param("limit", limit)
        .query(WebhookEventStore::map).list();
  }

  /**
   * Puts FAILED or IGNORED events back in the queue (PENDING, due now, attempts kept), for an
   * operator who fixed what stopped them. DISPATCHED events are never requeued, so this delivers
   * nothing twice; nor are events whose payload was purged, which nothing could dispatch. Returns
   * how many were requeued.
   */
  public int requeue(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return 0;
    }
    return jdbc.sql("UPDATE webhook_events SET status = 'PENDING', next_attempt_at = now(),"
            + " last_error = 'requeued by an operator; was ' || status || coalesce(': ' || last_error, '')"
            + " WHERE id IN (:ids) AND status IN ('FAILED', 'IGNORED') AND payload IS NOT NULL")
        .param("ids", ids)
        .update();
  }

  /** Requeues every FAILED event (of one kind, when given) received since {@code since} (any time when null). */
  public int requeueFailed(String kind, Instant since) {
    return jdbc.sql("UPDATE webhook_events SET status = 'PENDING', next_attempt_at = now(),"
            + " last_error = 'requeued by an operator; was ' || status || coalesce(': ' || last_error, '')"
            + " WHERE status = 'FAILED' AND (CAST(:kind AS text) IS NULL OR kind = :kind)"
            + " AND (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)")
        .param("kind", kind)
        .param("since", Timestamps.of(since))
        .update();
  }

  private static StoredWebhookEvent map(ResultSet rs, int row) throws SQLException {
    return new StoredWebhookEvent(
        rs.getLong("id"),
        rs.getString("dedupe_key"),
        rs.getString("kind"),
        rs.getString("phone_number_id"),
        rs.getString("wa_id"),
        Timestamps.read(rs, "event_timestamp"),
        rs.getString("payload"),
        rs.getString("event"),
        WebhookEventStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        Timestamps.read(rs, "next_attempt_at"),
        rs.getString("last_error"),
        Timestamps.read(rs, "received_at"),
        Timestamps.read(rs, "dispatched_at"),
        Timestamps.read(rs, "payload_purged_at"));
  }

  private static String truncate(String text) {
    return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }
}
