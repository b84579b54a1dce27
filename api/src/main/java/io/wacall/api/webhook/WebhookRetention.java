package io.wacall.api.webhook;

import io.wacall.api.housekeeping.PeriodicPurge;
import io.wacall.api.housekeeping.PeriodicPurge.Batched;
import io.wacall.backend.metrics.WacallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Purges the webhook event store of what is past its retention, every
 * {@code wacall.webhook.purge-interval}, on a thread of its own (the API owns the store):
 * <ul>
 *   <li>a settled event (DISPATCHED or IGNORED) received more than
 *       {@code wacall.webhook.payload-retention} ago loses its payload, and keeps its row and dedupe
 *       key while {@code wacall.webhook.dedupe-retention} runs, so a redelivery is still recognised;
 *   <li>its row is deleted once both have passed.
 * </ul>
 * PENDING events (retries included) are never purged: they have not been delivered yet. FAILED
 * events are not either: they wait for an operator, whose requeue needs the payload; a run logs how
 * many such events are older than the payload retention. Each step works in batches of
 * {@code wacall.webhook.purge-batch-size}, at most {@link #MAX_BATCHES_PER_RUN} per run; a
 * backlog is worked off over several runs. Several API instances may purge side by side.
 */
@Component
public class WebhookRetention implements SmartLifecycle {
  /** Batches per step and run: bounds how long one run holds the database's attention. */
  static final int MAX_BATCHES_PER_RUN = 20;
  /** The first run comes this soon after start (or after one interval, if that is shorter). */
  static final Duration FIRST_RUN_AFTER = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(WebhookRetention.class);

  private final WebhookEventStore store;
  private final WebhookProperties settings;
  private final WacallMetrics metrics;
  private final Clock clock;
  private final PeriodicPurge purges;

  public WebhookRetention(WebhookEventStore store, WebhookProperties settings, WacallMetrics metrics, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.purges = new PeriodicPurge("webhook-retention", FIRST_RUN_AFTER, settings.purgeInterval(), this::purgeDue, log);
  }

  /**
   * What one run purged.
   *
   * @param payloads payloads purged from rows that stay (their dedupe keys are still needed)
   * @param rows rows deleted, payload and dedupe key with them
   * @param complete false when a step stopped at {@link #MAX_BATCHES_PER_RUN}: more is due
   */
  public record Purged(int payloads, int rows, boolean complete) {}

  /** Purges what is past its retention at the clock's now. */
  public Purged purgeDue() {
    Instant now = clock.instant();
    Duration payloadRetention = settings.payloadRetention();
    Duration dedupeRetention = settings.dedupeRetention();
    Instant payloadsBefore = now.minus(payloadRetention);
    Instant rowsBefore = now.minus(payloadRetention.compareTo(dedupeRetention) >= 0 ? payloadRetention : dedupeRetention);
    // rows first: a row that goes needs no payload purge
    Batched rows = inBatches(limit -> store.deleteSettled(rowsBefore, limit));
    Batched payloads = rowsBefore.equals(payloadsBefore) ? Batched.NONE
        : inBatches(limit -> store.purgePayloads(payloadsBefore, limit));
    metrics.webhookPurged("row", rows.count());
    metrics.webhookPurged("payload", payloads.count());
    Purged purged = new Purged(payloads.count(), rows.count(), rows.complete() && payloads.complete());
    if (purged.rows() > 0 || purged.payloads() > 0) {
      log.info("webhook retention: {} payload(s) received before {} purged, {} event(s) received before {} deleted{}",
          purged.payloads(), payloadsBefore, purged.rows(), rowsBefore,
          purged.complete() ? "" : "; more are due and left for the next run");
    }
    long failed = store.countFailedReceivedBefore(payloadsBefore);
    if (failed > 0) {
      log.warn("webhook retention: {} FAILED event(s) received before {} keep their payload until an operator "
          + "requeues them (GET /api/v1/admin/webhook-events?status=FAILED)", failed, payloadsBefore);
    }
    return purged;
  }

  private Batched inBatches(IntUnaryOperator batch) {
    return PeriodicPurge.inBatches(MAX_BATCHES_PER_RUN, settings.purgeBatchSize(), batch);
  }

  @Override
  public void start() {
    purges.start();
    log.info("webhook retention: payloads kept {}, dedupe keys kept {}, purged every {}",
        settings.payloadRetention(), settings.dedupeRetention(), settings.purgeInterval());
  }

  @Override
  public void stop() {
    purges.stop();
  }

  @Override
  public boolean isRunning() {
    return purges.isRunning();
  }
}
