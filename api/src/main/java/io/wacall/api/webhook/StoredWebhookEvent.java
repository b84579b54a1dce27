package io.wacall.api.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code webhook_events}.
 *
 * @param payload Meta's item as it came; null once purged (see {@code payloadPurgedAt})
 * @param event the decoded event's JSON ({@link WebhookEventJson}), what the dispatcher routes;
 *     null when the item was malformed, on rows stored before V10 (Meta's item only), and once
 *     purged with the payload
 * @param callKey the call the event belongs to, or null (see {@link WebhookEvent#callKey()})
 * @param payloadPurgedAt when the payload was purged after its retention, or null
 * @param claimId the token of the claim that last took the event (a claim returns it with the
 *     rows it took; the dispatcher records outcomes with it); null when never claimed, or once a
 *     retry or postponement ended the claim
 */
public record StoredWebhookEvent(
    long id,
    String dedupeKey,
    String kind,
    String phoneNumberId,
    String waId,
    String callKey,
    Instant eventTimestamp,
    String payload,
    String event,
    WebhookEventStatus status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant receivedAt,
    Instant dispatchedAt,
    Instant payloadPurgedAt,
    UUID claimId) {}
