package io.wacall.api.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a webhook POST, ready to be stored.
 *
 * @param dedupeKey unique per event: a redelivery of the same event has the same key
 * @param kind what sort of event it is; the dispatcher picks its router by this
 * @param phoneNumberId the business number's id, when the event has one
 * @param waId the customer's WhatsApp id, when the event has one
 * @param callKey the call the event belongs to ({@link WebhookEvent#callKey()}), or null
 * @param eventTimestamp when Meta says the event happened
 * @param payload Meta's item as it came, self-contained JSON (the change's {@code field},
 *     {@code metadata}, {@code contacts} and {@code errors} with it): kept for the record and for
 *     operators
 * @param event the event as the intake decoded it ({@link WebhookEventJson}): what the dispatcher
 *     routes; null when the item was malformed (then the status is FAILED)
 * @param status PENDING to dispatch; IGNORED or FAILED to keep it for the record only
 * @param reason why an IGNORED or FAILED event is not dispatched
 */
public record NewWebhookEvent(
    String dedupeKey,
    String kind,
    String phoneNumberId,
    String waId,
    String callKey,
    Instant eventTimestamp,
    String payload,
    String event,
    WebhookEventStatus status,
    String reason) {
  public NewWebhookEvent {
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(status, "status");
    if (status == WebhookEventStatus.DISPATCHED) {
      throw new IllegalArgumentException("an event is stored before it is dispatched");
    }
  }
}
