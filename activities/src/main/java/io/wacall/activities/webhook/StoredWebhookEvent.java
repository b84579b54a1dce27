package io.wacall.activities.webhook;

import java.time.Instant;

/** A row of {@code webhook_events}. */
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
    Instant dispatchedAt) {}
