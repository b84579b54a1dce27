package io.wacall.sandbox.webhook;

/**
 * A webhook ready to send, with a line for the delivery log.
 *
 * @param summary what happened, for people reading {@code GET /sandbox/webhooks}
 * @param subject the wamid or wacid it is about
 */
public record Webhook(
    String field, String summary, String waId, String subject, WebhookPayload.Envelope payload) {}
