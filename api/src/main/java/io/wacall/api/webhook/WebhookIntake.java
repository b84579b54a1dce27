package io.wacall.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.webhook.WebhookEventStore.Inserted;
import io.wacall.backend.metrics.WacallMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores a verified payload: one row per event, in one transaction, duplicates dropped by key.
 * Each event is decoded here, once: its row holds the typed event as {@link WebhookPayloadParser}
 * made it ({@link WebhookEventJson}), which the dispatcher hands to the router as it is, and Meta's
 * item as it came, for the record. Events a router will take are stored PENDING; events of a kind
 * nobody routes yet are IGNORED, and malformed ones FAILED, each with the reason. Nothing is
 * dispatched here.
 */
@Component
public class WebhookIntake {
  private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
  /** The start of the reason an event naming a value unknown to this version is IGNORED with. */
  static final String UNKNOWN_VALUE = "a value unknown to this version, not acted on, in ";

  private final WebhookPayloadParser parser;
  private final WebhookRouting routing;
  private final WebhookEventStore store;
  private final WebhookEventJson events;
  private final WacallMetrics metrics;

  public WebhookIntake(WebhookPayloadParser parser, WebhookRouting routing, WebhookEventStore store,
      WebhookEventJson events, WacallMetrics metrics) {
    this.metrics = metrics;
    this.parser = parser;
    this.routing = routing;
    this.store = store;
    this.events = events;
  }

  /**
   * What one POST brought.
   *
   * @param events events in the payload
   * @param stored events newly stored (the others were duplicates)
   */
  public record Result(int events, List<Inserted> stored) {
    public int duplicates() {
      return events - stored.size();
    }

    /** Ids of the newly stored events that wait for dispatch. */
    public List<Long> pendingIds() {
      return stored.stream().filter(e -> e.status() == WebhookEventStatus.PENDING).map(Inserted::id).toList();
    }
  }

  public Result accept(JsonNode document) {
    List<ParsedWebhookEvent> parsed = parser.parse(document);
    List<NewWebhookEvent> rows = new ArrayList<>(parsed.size());
    for (ParsedWebhookEvent event : parsed) {
      rows.add(toRow(event));
    }
    List<Inserted> stored = store.insertAll(rows);
    Map<String, String> kinds = new HashMap<>();
    rows.forEach(row -> kinds.put(row.dedupeKey(), row.kind()));
    stored.forEach(row -> metrics.webhookReceived(kinds.get(row.dedupeKey()), row.status().name()));
    Result result = new Result(parsed.size(), stored);
    log.info("webhook POST: {} event(s), {} new ({} to dispatch), {} duplicate(s)",
        result.events(), stored.size(), result.pendingIds().size(), result.duplicates());
    for (ParsedWebhookEvent event : parsed) {
      if (event.isMalformed()) {
        log.warn("webhook event {} is malformed and stored as FAILED: {}", event.dedupeKey(), event.problem());
      } else if (event.unknownValue()) {
        log.info("webhook event {} names a value unknown to this version, stored as IGNORED: {}", event.dedupeKey(),
            event.problem());
      }
    }
    return result;
  }

  private NewWebhookEvent toRow(ParsedWebhookEvent parsed) {
    String payload = parsed.raw().payload().toString();
    if (!parsed.isDecoded()) {
      // broken: FAILED, for a person to look at; naming a value Meta added: IGNORED, never acted on
      boolean unknown = parsed.unknownValue();
      return new NewWebhookEvent(parsed.dedupeKey(), parsed.kind().name(), parsed.phoneNumberId(), null, null, null,
          payload, null, unknown ? WebhookEventStatus.IGNORED : WebhookEventStatus.FAILED,
          (unknown ? UNKNOWN_VALUE : "malformed ") + parsed.kind() + ": " + parsed.problem());
    }
    WebhookEvent event = parsed.event();
    boolean routed = routing.routes(event.kind());
    return new NewWebhookEvent(event.dedupeKey(), event.kind().name(), event.phoneNumberId(), event.waId(),
        event.callKey(), event.timestamp(), payload, events.write(event),
        routed ? WebhookEventStatus.PENDING : WebhookEventStatus.IGNORED,
        routed ? null : event.kind().unroutedReason());
  }
}
