package io.wacall.api.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.api.webhook.WebhookEventRouter.RouteResult;
import io.wacall.backend.metrics.WacallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes stored events to their routers: claims them from the store, reads each one's event back
 * into the record the intake decoded ({@link WebhookEventJson}; Meta's shape is not read again),
 * routes it, and records the outcome (DISPATCHED, IGNORED, FAILED, or PENDING again with backoff).
 * Synchronous and thread-safe; {@link WebhookDispatchRunner} calls it from its own threads.
 */
@Component
public class WebhookDispatcher {
  /** Rounds per {@link #dispatchDue()} call: a deep backlog is worked off over several ticks. */
  static final int MAX_BATCHES_PER_RUN = 10;

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookEventStore store;
  private final WebhookEventJson events;
  private final WebhookPayloadParser parser;
  private final WebhookRouting routing;
  private final RetryBackoff backoff;
  private final WacallMetrics metrics;
  private final Clock clock;
  private final int batchSize;
  private final Duration claimTimeout;

  public WebhookDispatcher(WebhookEventStore store, WebhookEventJson events, WebhookPayloadParser parser,
      WebhookRouting routing, WebhookProperties properties, WacallMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.parser = parser;
    this.routing = routing;
    this.backoff = new RetryBackoff(properties.retryInitialBackoff(), properties.retryMaxBackoff());
    this.batchSize = properties.batchSize();
    this.claimTimeout = properties.claimTimeout();
  }

  /**
   * Counts of one dispatch run.
   *
   * @param postponed claimed but not tried, because Temporal was found unreachable
   * @param temporalUnavailable whether the run stopped because Temporal was unreachable
   */
  public record Summary(int dispatched, int ignored, int failed, int retried, int postponed,
      boolean temporalUnavailable) {
    static final Summary NONE = new Summary(0, 0, 0, 0, 0, false);

    Summary plus(Summary o) {
      return new Summary(dispatched + o.dispatched, ignored + o.ignored, failed + o.failed,
          retried + o.retried, postponed + o.postponed, temporalUnavailable || o.temporalUnavailable);
    }

    public int total() {
      return dispatched + ignored + failed + retried + postponed;
    }
  }

  /** Dispatches the PENDING events that are due, batch by batch; stops early when Temporal is down. */
  public Summary dispatchDue() {
    Summary total = Summary.NONE;
    for (int round = 0; round < MAX_BATCHES_PER_RUN; round++) {
      List<StoredWebhookEvent> batch = store.claimDue(batchSize, claimTimeout);
      if (batch.isEmpty()) {
        break;
      }
      Summary summary = dispatchClaimed(batch);
      total = total.plus(summary);
      if (batch.size() < batchSize || summary.temporalUnavailable()) {
        break;
      }
    }
    return total;
  }

  /** Dispatches these events now, those of them still PENDING and not claimed by another dispatcher. */
  public Summary dispatch(Collection<Long> ids) {
    return dispatchClaimed(store.claim(ids, claimTimeout));
  }

  private Summary dispatchClaimed(List<StoredWebhookEvent> batch) {
    int dispatched = 0;
    int ignored = 0;
    int failed = 0;
    int retried = 0;
    for (int i = 0; i < batch.size(); i++) {
      StoredWebhookEvent event = batch.get(i);
      switch (measured(event)) {
        case DISPATCHED -> dispatched++;
        case IGNORED -> ignored++;
        case FAILED -> failed++;
        case RETRY -> retried++;
        case UNAVAILABLE -> {
          retried++;
          // Each call would wait out the same RPC timeout: leave the rest for when Temporal is back.
          List<Long> rest = new ArrayList<>();
          for (StoredWebhookEvent untried : batch.subList(i + 1, batch.size())) {
            rest.add(untried.id());
          }
          Duration wait = backoff.delayAfter(event.attempts() + 1);
          store.postpone(rest, wait);
          if (!rest.isEmpty()) {
            log.warn("Temporal unreachable; {} more webhook events wait {} untried", rest.size(), wait);
          }
          return new Summary(dispatched, ignored, failed, retried, rest.size(), true);
        }
      }
    }
    return new Summary(dispatched, ignored, failed, retried, 0, false);
  }

  private enum Outcome { DISPATCHED, IGNORED, FAILED, RETRY, UNAVAILABLE }

  private Outcome measured(StoredWebhookEvent row) {
    Outcome outcome = dispatchOne(row);
    metrics.webhookDispatch(row.kind(), outcome.name().toLowerCase());
    if (outcome == Outcome.DISPATCHED && row.receivedAt() != null) {
      metrics.webhookDispatchLag(row.kind(), Duration.between(row.receivedAt(), clock.instant()));
    }
    return outcome;
  }

  private Outcome dispatchOne(StoredWebhookEvent row) {
    WebhookEventKind kind;
    try {
      kind = WebhookEventKind.valueOf(row.kind());
    } catch (IllegalArgumentException e) {
      // Written by a newer version of the adapter during a rolling deploy: leave it for that one.
      Duration wait = backoff.delayAfter(row.attempts() + 1);
      store.scheduleRetry(row.id(), "kind " + row.kind() + " is unknown to this version", wait);
      log.warn("webhook event {} has kind {} unknown to this version; retried in {}", row.id(), row.kind(), wait);
      return Outcome.RETRY;
    }
    WebhookEvent event;
    try {
      event = storedEvent(kind, row);
    } catch (MalformedWebhookEventException e) {
      return fail(row, "malformed " + kind + ": " + e.getMessage());
    }
    Optional<WebhookEventRouter<WebhookEvent>> router = routing.routerFor(event);
    if (router.isEmpty()) {
      store.markIgnored(row.id(), kind.unroutedReason());
      return Outcome.IGNORED;
    }
    try {
      RouteResult result = router.get().route(event);
      switch (result.outcome()) {
        case DISPATCHED -> {
          store.markDispatched(row.id());
          return Outcome.DISPATCHED;
        }
        case IGNORED -> {
          store.markIgnored(row.id(), result.reason());
          log.info("webhook event {} ({}) ignored: {}", row.id(), row.dedupeKey(), result.reason());
          return Outcome.IGNORED;
        }
        default -> {
          Duration wait = backoff.delayAfter(row.attempts() + 1);
          store.scheduleRetry(row.id(), result.reason(), wait);
          log.debug("webhook event {} ({}) not routable yet, retried in {}: {}", row.id(), row.dedupeKey(), wait,
              result.reason());
          return Outcome.RETRY;
        }
      }
    } catch (RuntimeException e) {
      return switch (DispatchFailures.classify(e)) {
        case PERMANENT -> fail(row, DispatchFailures.describe(e));
        case UNAVAILABLE -> retry(row, e, Outcome.UNAVAILABLE);
        case TRANSIENT -> retry(row, e, Outcome.RETRY);
      };
    }
  }

  private Outcome fail(StoredWebhookEvent row, String reason) {
    store.markFailed(row.id(), reason);
    log.error("webhook event {} ({}, customer {}) FAILED and will not be retried: {}", row.id(), row.dedupeKey(),
        PhoneMask.mask(row.waId()), reason);
    return Outcome.FAILED;
  }

  private Outcome retry(StoredWebhookEvent row, RuntimeException e, Outcome outcome) {
    int failures = row.attempts() + 1;
    Duration wait = backoff.delayAfter(failures);
    String error = DispatchFailures.describe(e);
    store.scheduleRetry(row.id(), error, wait);
    log.warn("webhook event {} ({}) not dispatched (attempt {}), retried in {}: {}", row.id(), row.dedupeKey(),
        failures, wait, error);
    return outcome;
  }

  /** The event to route: the record the intake decoded, read back from the row. */
  private WebhookEvent storedEvent(WebhookEventKind kind, StoredWebhookEvent row) {
    if (row.payload() == null) {
      // the store never purges or requeues an event that is not settled; this is only a safeguard
      throw new MalformedWebhookEventException("stored payload was purged at " + row.payloadPurgedAt());
    }
    if (row.event() != null) {
      return events.read(kind, row.event());
    }
    return decodeMetaItem(kind, row);
  }

  /**
   * A row without a decoded event, decoded from Meta's item as the dispatcher did before V10: the
   * one place where it reads Meta's shape. Such a row was stored before V10 (Meta's item only; it
   * may still be PENDING during the upgrade, or FAILED and requeued by an operator later), or its
   * item was malformed when it came and an operator requeued it (after a fix of the parser, it
   * decodes now; else it fails again with the same reason).
   */
  private WebhookEvent decodeMetaItem(WebhookEventKind kind, StoredWebhookEvent row) {
    return parser.decode(new RawWebhookEvent(kind, metaItem(row)));
  }

  private static ObjectNode metaItem(StoredWebhookEvent row) {
    try {
      JsonNode node = JSON.readTree(row.payload());
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      // jsonb only ever holds valid JSON; fall through
    }
    throw new MalformedWebhookEventException("stored payload is not a JSON object");
  }
}
