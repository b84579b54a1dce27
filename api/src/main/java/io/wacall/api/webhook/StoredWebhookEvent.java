package io.wacall.api.webhook;

import java.time.Instant;

/**
 * A row of {@code webhook_events}.
 *
 * @param payload the event's JSON; null once purged (see {@code payloadPurgedAt})
 * @param payloadPurgedAt when the payload was purged after its retention, or null
 */
public record StoredWebhookEvent(
    long id,
    String dedupeKey,
    String kind,
    String phoneNumberId,
    String waId,
    Instant eventTimestamp,
    String payload,
    WebhookEventStatus status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant receivedAt,
    Instant dispatchedAt,
    Instant payloadPurgedAt) {}
