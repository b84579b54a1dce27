package io.wacall.api.webhook;

import java.time.Instant;

/** A {@code messages[]} item that is not a permission reply. Kept, not acted upon in this slice. */
public record InboundMessageEvent(
    String phoneNumberId, String waId, String messageId, String type, Instant timestamp) implements WebhookEvent {

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.INBOUND_MESSAGE;
  }

  @Override
  public String dedupeKey() {
    return "msg:" + messageId;
  }
}
