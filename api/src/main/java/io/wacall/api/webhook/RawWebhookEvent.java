package io.wacall.api.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One event cut out of a webhook payload, before it is decoded: its kind and a self-contained JSON
 * payload (the item itself plus the change's {@code field}, {@code metadata}, {@code contacts}
 * and {@code errors}), which is stored as it is, for the record, beside the decoded event.
 */
public record RawWebhookEvent(WebhookEventKind kind, ObjectNode payload) {
  public RawWebhookEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
  }
}
