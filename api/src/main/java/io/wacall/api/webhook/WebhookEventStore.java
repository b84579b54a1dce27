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
import java.util.UUID;
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
 * <p>Every claim has a token ({@code claim_id}, {@link StoredWebhookEvent#claimId()}). The
 * dispatcher renews an event's lease right before it dispatches it ({@link #renew}) and records
 * the outcome with that token ({@link #markDispatched(StoredWebhookEvent)} and its siblings): each
 * only where the token is still its own, so a dispatcher whose lease ran out and was taken over
 * changes nothing. A dispatcher that stops gives back what it claimed and did not finish
 * ({@link #release}). Claims take call events first ({@link #CLAIM_ORDER}), each kind in received
 * order.
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

  static final String COLUMNS = "id, dedupe_key, kind, phone_number_id, wa_id, call_key, event_timestamp, "
      + "payload::text AS payload, event::text AS event, status, attempts, next_attempt_at, last_error, received_at, "
      + "dispatched_at, payload_purged_at, claim_id";

  /**
   * The order of claims: call events (a caller is waiting) before message statuses and every other
   * kind, then received order. The same expression as the index {@code webhook_events_claim_order_idx}
   * (V11); {@link #claimPriority} is its twin in Java.
   */
  static final String CLAIM_ORDER = "(CASE WHEN kind IN ('CALL', 'CALL_STATUS') THEN 0 ELSE 1 END), id";

  /** How a claimed batch is handed out: {@link #CLAIM_ORDER}. */
  static final Comparator<StoredWebhookEvent> DISPATCH_ORDER = Comparator
      .comparingInt((StoredWebhookEvent e) -> claimPriority(e.kind()))
      .thenComparingLong(StoredWebhookEvent::id);

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
                  (dedupe_key, kind, phone_number_id, wa_id, call_key, event_timestamp, payload, event, status,
                   last_error)
                VALUES (:key, :kind, :pnid, :waId, :callKey, :ts, CAST(:payload AS jsonb), CAST(:event AS jsonb), :status, :reason)
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING id""")
            .param("key", e.dedupeKey())
            .param("kind", e.kind())
            .param("pnid", e.phoneNumberId())
            .param("waId", e.waId())
            .param("callKey", e.callKey())
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
   * Claims up to {@code limit} PENDING events that are due, call events first and each kind in
   * received order ({@link #CLAIM_ORDER}), and hides them from other claimers for {@code lease}.
   * Rows another transaction is claiming right now are skipped, and so is an event of a call whose
   * earlier event is still PENDING outside this claim ({@link #claim(String, Duration, int, Collection, Collection)}).
   * The events come in that order and share one new {@link StoredWebhookEvent#claimId() claim token}.
   */
  public List<StoredWebhookEvent> claimDue(int limit, Duration lease) {
    return claim("""
        SELECT id, call_key FROM webhook_events
        WHERE status = 'PENDING' AND next_attempt_at <= now()
        ORDER BY %s
        LIMIT :limit
        FOR UPDATE SKIP LOCKED""".formatted(CLAIM_ORDER), lease, limit, List.of(), List.of());
  }

  /**
   * Claims these events, if they are still PENDING, due and not being claimed elsewhere (and not
   * behind an earlier event of their call); in {@link #CLAIM_ORDER}, under one new claim token.
   */
  public List<StoredWebhookEvent> claim(Collection<Long> ids, Duration lease) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return claim("""
        SELECT id, call_key FROM webhook_events
        WHERE id IN (:ids) AND status = 'PENDING' AND next_attempt_at <= now()
        FOR UPDATE SKIP LOCKED""", lease, ids.size(), ids, List.of());
  }

  /**
   * Claims the due PENDING events of these calls that no earlier event of their call holds back:
   * what comes next for a call whose event was just settled (an event that came while the one
   * before it was being dispatched is taken now, not at the retry loop's next round).
   */
  public List<StoredWebhookEvent> claimNextOfCalls(Collection<String> callKeys, Duration lease) {
    if (callKeys.isEmpty()) {
      return List.of();
    }
    return claim("""
        SELECT id, call_key FROM webhook_events
        WHERE call_key IN (:callKeys) AND status = 'PENDING' AND next_attempt_at <= now()
        ORDER BY id
        FOR UPDATE SKIP LOCKED""", lease, Integer.MAX_VALUE, List.of(), callKeys);
  }

  /**
   * The claim itself: the rows {@code selectDue} picks and locks, less any event of a call whose
   * earlier event is still PENDING and not among them (waiting out a backoff, held by another
   * claim, or locked by one right now), so that a call's events are dispatched one after the other
   * in the order they came. One statement: an earlier event that another claimer has locked but not
   * committed yet is still PENDING in this statement's snapshot, so it holds the later one back too.
   */
  private List<StoredWebhookEvent> claim(String selectDue, Duration lease, int limit, Collection<Long> ids,
      Collection<String> callKeys) {
    UUID claim = UUID.randomUUID();
    List<StoredWebhookEvent> claimed = transactions.execute(tx -> {
      JdbcClient.StatementSpec spec = jdbc.sql("""
              WITH picked AS MATERIALIZED (%s),
              ready AS (
                SELECT p.id FROM picked p
                WHERE p.call_key IS NULL OR NOT EXISTS (
                  SELECT 1 FROM webhook_events earlier
                  WHERE earlier.call_key = p.call_key AND earlier.status = 'PENDING' AND earlier.id < p.id
                    AND earlier.id NOT IN (SELECT id FROM picked)))
              UPDATE webhook_events SET next_attempt_at = now() + :leaseMs * interval '1 millisecond', claim_id = :claim
              WHERE id IN (SELECT id FROM ready) RETURNING\s""".formatted(selectDue) + COLUMNS)
          .param("leaseMs", lease.toMillis())
          .param("claim", claim)
          .param("limit", limit);
      if (!ids.isEmpty()) {
        spec = spec.param("ids", ids);
      }
      if (!callKeys.isEmpty()) {
        spec = spec.param("callKeys", callKeys);
      }
      return spec.query(WebhookEventStore::map).list();
    });
    List<StoredWebhookEvent> sorted = new ArrayList<>(claimed);
    sorted.sort(DISPATCH_ORDER); // RETURNING has no order
    return sorted;
  }

  /** 0 for the kinds claimed first (call events), 1 for the others: {@link #CLAIM_ORDER} in Java. */
  static int claimPriority(String kind) {
    return WebhookEventKind.CALL.name().equals(kind) || WebhookEventKind.CALL_STATUS.name().equals(kind) ? 0 : 1;
  }

  /**
   * Renews the lease of a claimed event for {@code lease} from now, right before it is dispatched,
   * if the claim is still the one that claimed it: an event is never claimable elsewhere while it
   * is being dispatched, however long its batch has taken so far.
   *
   * @return the event as it is now, or empty when the claim is gone (its lease ran out and another
   *     dispatcher claimed it, or it is no longer PENDING): then it must not be dispatched here
   */
  public Optional<StoredWebhookEvent> renew(StoredWebhookEvent claimed, Duration lease) {
    return jdbc.sql("UPDATE webhook_events SET next_attempt_at = now() + :leaseMs * interval '1 millisecond' "
            + "WHERE id = :id AND claim_id = :claim AND status = 'PENDING' RETURNING " + COLUMNS)
        .param("leaseMs", lease.toMillis())
        .param("id", claimed.id())
        .param("claim", requireClaim(claimed))
        .query(WebhookEventStore::map)
        .optional();
  }

  /**
   * The claimed event reached its workflow: recorded if the claim still holds it.
   *
   * @return false when it changed nothing: the claim was taken over (see {@link #renew})
   */
  public boolean markDispatched(StoredWebhookEvent claimed) {
    return finish(claimed.id(), requireClaim(claimed), WebhookEventStatus.DISPATCHED, null);
  }

  /** The claimed event is deliberately not acted upon; recorded if the claim still holds it. */
  public boolean markIgnored(StoredWebhookEvent claimed, String reason) {
    return finish(claimed.id(), requireClaim(claimed), WebhookEventStatus.IGNORED, reason);
  }

  /** The claimed event cannot be dispatched as it is; recorded if the claim still holds it. */
  public boolean markFailed(StoredWebhookEvent claimed, String reason) {
    return finish(claimed.id(), requireClaim(claimed), WebhookEventStatus.FAILED, reason);
  }

  /**
   * A dispatch attempt of the claimed event failed for a reason that may pass: counted, and tried
   * again after {@code delay}; the claim ends. Recorded if the claim still holds the event.
   */
  public boolean scheduleRetry(StoredWebhookEvent claimed, String error, Duration delay) {
    return retry(claimed.id(), requireClaim(claimed), error, delay);
  }

  /**
   * Claimed events that were not tried (the target was down): due again after {@code delay}, not
   * counted; their claim ends. Only those the claim still holds.
   *
   * @return how many were postponed
   */
  public int postponeClaimed(Collection<StoredWebhookEvent> claimed, Duration delay) {
    if (claimed.isEmpty()) {
      return 0;
    }
    int postponed = 0;
    for (StoredWebhookEvent event : claimed) {
      postponed += jdbc.sql("""
              UPDATE webhook_events SET next_attempt_at = now() + :delayMs * interval '1 millisecond', claim_id = NULL
              WHERE id = :id AND claim_id = :claim AND status = 'PENDING'""")
          .param("delayMs", delay.toMillis())
          .param("id", event.id())
          .param("claim", requireClaim(event))
          .update();
    }
    return postponed;
  }

  /**
   * Gives back what these claims hold and did not finish (a dispatcher that stops): due again now,
   * for any dispatcher, instead of hidden until the lease runs out. The token stays, so a dispatch
   * that was still in flight records its outcome if no other dispatcher claimed the event meanwhile.
   *
   * @return how many events were given back
   */
  public int release(Collection<UUID> claims) {
    if (claims.isEmpty()) {
      return 0;
    }
    return jdbc.sql("""
            UPDATE webhook_events SET next_attempt_at = now()
            WHERE claim_id IN (:claims) AND status = 'PENDING' AND next_attempt_at > now()""")
        .param("claims", claims)
        .update();
  }

  /** Sets the final status, only where this claim still holds the event. */
  private boolean finish(long id, UUID claim, WebhookEventStatus status, String reason) {
    return jdbc.sql("""
            UPDATE webhook_events
            SET status = :status, attempts = attempts + 1, last_error = :reason,
                dispatched_at = CASE WHEN :status = 'DISPATCHED' THEN now() END
            WHERE id = :id AND status = 'PENDING' AND claim_id = :claim""")
        .param("status", status.name())
        .param("reason", truncate(reason))
        .param("id", id)
        .param("claim", claim)
        .update() > 0;
  }

  private boolean retry(long id, UUID claim, String error, Duration delay) {
    return jdbc.sql("""
            UPDATE webhook_events
            SET attempts = attempts + 1, last_error = :error, claim_id = NULL,
                next_attempt_at = now() + :delayMs * interval '1 millisecond'
            WHERE id = :id AND status = 'PENDING' AND claim_id = :claim""")
        .param("error", truncate(error))
        .param("delayMs", delay.toMillis())
        .param("id", id)
        .param("claim", claim)
        .update() > 0;
  }

  private static UUID requireClaim(StoredWebhookEvent event) {
    if (event.claimId() == null) {
      throw new IllegalArgumentException("webhook event " + event.id() + " was not claimed");
    }
    return event.claimId();
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

  static StoredWebhookEvent map(ResultSet rs, int row) throws SQLException {
    return new StoredWebhookEvent(
        rs.getLong("id"),
        rs.getString("dedupe_key"),
        rs.getString("kind"),
        rs.getString("phone_number_id"),
        rs.getString("wa_id"),
        rs.getString("call_key"),
        Timestamps.read(rs, "event_timestamp"),
        rs.getString("payload"),
        rs.getString("event"),
        WebhookEventStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        Timestamps.read(rs, "next_attempt_at"),
        rs.getString("last_error"),
        Timestamps.read(rs, "received_at"),
        Timestamps.read(rs, "dispatched_at"),
        Timestamps.read(rs, "payload_purged_at"),
        rs.getObject("claim_id", UUID.class));
  }

  private static String truncate(String text) {
    return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }
}
