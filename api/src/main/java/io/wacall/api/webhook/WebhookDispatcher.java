package io.wacall.api.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.api.webhook.WebhookEventRouter.RouteResult;
import io.wacall.backend.metrics.WacallMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes stored events to their routers: claims them from the store, reads each one's event back
 * into the record the intake decoded ({@link WebhookEventJson}; Meta's shape is not read again),
 * routes it, and records the outcome (DISPATCHED, IGNORED, FAILED, or PENDING again with backoff).
 * Synchronous and thread-safe; {@link WebhookDispatchRunner} calls it from its own threads.
 *
 * <p>The events of one call go in the order they came: the store never claims one while an earlier
 * event of its call is still PENDING elsewhere, a batch does not dispatch a call's event after an
 * earlier one of the same call was not settled (it gives it back), and once a call's event is
 * settled the call's next event, held back meanwhile, is claimed and dispatched right away.
 *
 * <p>Under faults: call events are claimed and dispatched first; each event's lease is renewed
 * right before it is dispatched, and an event whose lease ran out and was taken over by another
 * dispatcher is skipped; an outcome is recorded only under this dispatcher's own claim (a stale
 * one changes nothing, and says so in the log). Once {@link #stopDispatching()} was called, no new
 * event is started and {@link #releaseClaims()} gives back what this dispatcher still holds.
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
  /** Claims this dispatcher took and has not worked through yet: what {@link #releaseClaims()} gives back. */
  private final Set<UUID> openClaims = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

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
   * @param postponed claimed but not tried, because Temporal was found unreachable or an earlier event of
   *     its call in the batch was not settled (given back, due)
   * @param lost claimed, but taken over by another dispatcher (this one's lease ran out) before
   *     this one recorded an outcome: left to that one
   * @param released claimed but not tried (or cut short), because this dispatcher is stopping:
   *     given back, due now
   * @param temporalUnavailable whether the run stopped because Temporal was unreachable
   */
  public record Summary(int dispatched, int ignored, int failed, int retried, int postponed, int lost, int released,
      boolean temporalUnavailable) {
    static final Summary NONE = new Summary(0, 0, 0, 0, 0, 0, 0, false);

    Summary plus(Summary o) {
      return new Summary(dispatched + o.dispatched, ignored + o.ignored, failed + o.failed,
          retried + o.retried, postponed + o.postponed, lost + o.lost, released + o.released,
          temporalUnavailable || o.temporalUnavailable);
    }

    public int total() {
      return dispatched + ignored + failed + retried + postponed + lost + released;
    }
  }

  /**
   * Dispatches the PENDING events that are due, batch by batch, call events first; stops early
   * when Temporal is down or this dispatcher is stopping.
   */
  public Summary dispatchDue() {
    Summary total = Summary.NONE;
    for (int round = 0; round < MAX_BATCHES_PER_RUN && !stopping; round++) {
      List<StoredWebhookEvent> batch = store.claimDue(batchSize, claimTimeout);
      if (batch.isEmpty()) {
        break;
      }
      Summary summary = dispatchClaimed(batch);
      total = total.plus(summary);
      if (batch.size() < batchSize || summary.temporalUnavailable() || summary.released() > 0) {
        break;
      }
    }
    return total;
  }

  /** Dispatches these events now, those of them still PENDING and not claimed by another dispatcher. */
  public Summary dispatch(Collection<Long> ids) {
    if (stopping) {
      return Summary.NONE; // they are due: another dispatcher takes them
    }
    return dispatchClaimed(store.claim(ids, claimTimeout));
  }

  /**
   * Stops starting events: a batch being worked stops before its next event and gives the rest of
   * its claim back. Events in flight run to their end (and record their outcome).
   */
  public void stopDispatching() {
    stopping = true;
  }

  /** Starts events again after {@link #stopDispatching()} (a context restarted). */
  public void resumeDispatching() {
    stopping = false;
  }

  /**
   * Gives back every event this dispatcher claimed and did not finish, due now for any dispatcher
   * (instead of hidden until its lease runs out): for a dispatcher that stops, after its events in
   * flight had their chance to end. One still in flight records its outcome if no other dispatcher
   * took the event meanwhile.
   *
   * @return how many events were given back
   */
  public int releaseClaims() {
    List<UUID> claims = List.copyOf(openClaims);
    int released = store.release(claims);
    if (released > 0) {
      log.info("webhook dispatcher stopping: {} claimed event(s) given back, due now for the other dispatchers", released);
    }
    return released;
  }

  private Summary dispatchClaimed(List<StoredWebhookEvent> batch) {
    if (batch.isEmpty()) {
      return Summary.NONE;
    }
    UUID claim = batch.get(0).claimId();
    openClaims.add(claim);
    try {
      return dispatchClaimed(batch, claim);
    } finally {
      openClaims.remove(claim);
    }
  }

  private Summary dispatchClaimed(List<StoredWebhookEvent> batch, UUID claim) {
    int dispatched = 0;
    int ignored = 0;
    int failed = 0;
    int retried = 0;
    int postponed = 0;
    int lost = 0;
    int released = 0;
    Set<String> settledCalls = new LinkedHashSet<>();
    Set<String> heldBackCalls = new HashSet<>(); // an event of the call did not settle: the rest must not overtake it
    for (int i = 0; i < batch.size(); i++) {
      if (stopping) {
        int given = store.release(List.of(claim));
        if (given > 0) {
          log.info("webhook dispatcher stopping: {} claimed event(s) given back untried, due now", given);
        }
        return new Summary(dispatched, ignored, failed, retried, postponed, lost, released + batch.size() - i, false);
      }
      String call = batch.get(i).callKey();
      if (call != null && heldBackCalls.contains(call)) {
        postponed += store.postponeClaimed(List.of(batch.get(i)), Duration.ZERO); // due, behind the one before it
        continue;
      }
      // A fresh lease for this event, from now: never claimable elsewhere while it is dispatched,
      // however long the events before it took.
      Optional<StoredWebhookEvent> renewed = store.renew(batch.get(i), claimTimeout);
      if (renewed.isEmpty()) {
        lost++;
        if (call != null) {
          heldBackCalls.add(call);
        }
        log.info("webhook event {} ({}) was taken over by another dispatcher before this one got to it (its lease"
            + " ran out while the batch was worked); left to that one", batch.get(i).id(), batch.get(i).dedupeKey());
        continue;
      }
      StoredWebhookEvent event = renewed.get();
      Outcome outcome = measured(event);
      if (call != null) {
        (outcome.settled() ? settledCalls : heldBackCalls).add(call);
      }
      switch (outcome) {
        case DISPATCHED -> dispatched++;
        case IGNORED -> ignored++;
        case FAILED -> failed++;
        case RETRY -> retried++;
        case LOST -> lost++;
        case RELEASED -> released++;
        case UNAVAILABLE -> {
          retried++;
          // Each call would wait out the same RPC timeout: leave the rest for when Temporal is back.
          List<StoredWebhookEvent> rest = batch.subList(i + 1, batch.size());
          Duration wait = backoff.delayAfter(event.attempts() + 1);
          int untried = store.postponeClaimed(rest, wait);
          if (untried > 0) {
            log.warn("Temporal unreachable; {} more webhook events wait {} untried", untried, wait);
          }
          return new Summary(dispatched, ignored, failed, retried, postponed + untried,
              lost + rest.size() - untried, released, true);
        }
      }
    }
    Summary summary = new Summary(dispatched, ignored, failed, retried, postponed, lost, released, false);
    settledCalls.removeAll(heldBackCalls);
    if (settledCalls.isEmpty() || stopping) {
      return summary;
    }
    // An event of these calls that came while the one before it was dispatched was held back by its
    // claim (WebhookEventStore#claim): it is next now.
    return summary.plus(dispatchClaimed(store.claimNextOfCalls(settledCalls, claimTimeout)));
  }

  private enum Outcome {
    DISPATCHED, IGNORED, FAILED, RETRY, UNAVAILABLE, LOST, RELEASED;

    /** Final: the call's next event may go. */
    boolean settled() {
      return this == DISPATCHED || this == IGNORED || this == FAILED;
    }
  }

  private Outcome measured(StoredWebhookEvent row) {
    Outcome outcome = dispatchOne(row);
    metrics.webhookDispatch(row.kind(), outcome.name().toLowerCase(Locale.ROOT));
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
      if (!store.scheduleRetry(row, "kind " + row.kind() + " is unknown to this version", wait)) {
        return lost(row, "a retry");
      }
      log.warn("webhook event {} has kind {} unknown to this version; retried in {}", row.id(), row.kind(), wait);
      return Outcome.RETRY;
    }
    WebhookEvent event;
    try {
      event = storedEvent(kind, row);
    } catch (UnknownWebhookValueException e) {
      String reason = WebhookIntake.UNKNOWN_VALUE + kind + ": " + e.getMessage();
      return store.markIgnored(row, reason) ? Outcome.IGNORED : lost(row, "IGNORED (" + reason + ")");
    } catch (MalformedWebhookEventException e) {
      return fail(row, "malformed " + kind + ": " + e.getMessage());
    }
    Optional<WebhookEventRouter<WebhookEvent>> router = routing.routerFor(event);
    if (router.isEmpty()) {
      return store.markIgnored(row, kind.unroutedReason()) ? Outcome.IGNORED : lost(row, "IGNORED");
    }
    try {
      RouteResult result = router.get().route(event);
      switch (result.outcome()) {
        case DISPATCHED -> {
          return store.markDispatched(row) ? Outcome.DISPATCHED : lost(row, "DISPATCHED");
        }
        case IGNORED -> {
          if (!store.markIgnored(row, result.reason())) {
            return lost(row, "IGNORED (" + result.reason() + ")");
          }
          log.info("webhook event {} ({}) ignored: {}", row.id(), row.dedupeKey(), result.reason());
          return Outcome.IGNORED;
        }
        default -> {
          Duration wait = backoff.delayAfter(row.attempts() + 1);
          if (!store.scheduleRetry(row, result.reason(), wait)) {
            return lost(row, "a retry (" + result.reason() + ")");
          }
          log.debug("webhook event {} ({}) not routable yet, retried in {}: {}", row.id(), row.dedupeKey(), wait,
              result.reason());
          return Outcome.RETRY;
        }
      }
    } catch (RuntimeException e) {
      if (stopping) {
        // most likely cut short by the shutdown; not counted: released with the rest of the claim
        log.info("dispatch of webhook event {} ({}) ended by the shutdown, given back: {}", row.id(), row.dedupeKey(),
            DispatchFailures.describe(e));
        return Outcome.RELEASED;
      }
      return switch (DispatchFailures.classify(e)) {
        case PERMANENT -> fail(row, DispatchFailures.describe(e));
        case UNAVAILABLE -> retry(row, e, Outcome.UNAVAILABLE);
        case TRANSIENT -> retry(row, e, Outcome.RETRY);
      };
    }
  }

  private Outcome fail(StoredWebhookEvent row, String reason) {
    if (!store.markFailed(row, reason)) {
      return lost(row, "FAILED (" + reason + ")");
    }
    log.error("webhook event {} ({}, customer {}) FAILED and will not be retried: {}", row.id(), row.dedupeKey(),
        PhoneMask.mask(row.waId()), reason);
    return Outcome.FAILED;
  }

  private Outcome retry(StoredWebhookEvent row, RuntimeException e, Outcome outcome) {
    int failures = row.attempts() + 1;
    Duration wait = backoff.delayAfter(failures);
    String error = DispatchFailures.describe(e);
    if (!store.scheduleRetry(row, error, wait)) {
      return lost(row, "a retry (" + error + ")");
    }
    log.warn("webhook event {} ({}) not dispatched (attempt {}), retried in {}: {}", row.id(), row.dedupeKey(),
        failures, wait, error);
    return outcome;
  }

  /** A stale finisher: its lease ran out and another dispatcher holds the event now; nothing was recorded. */
  private Outcome lost(StoredWebhookEvent row, String outcome) {
    log.warn("webhook event {} ({}): this dispatcher's lease ran out and another dispatcher took the event over;"
        + " its outcome here, {}, is not recorded (the holder's stands)", row.id(), row.dedupeKey(), outcome);
    return Outcome.LOST;
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
