package io.wacall.api.webhook;

import java.time.Instant;

/** One event of a webhook payload, decoded. Immutable; built by {@link WebhookPayloadParser}. */
public sealed interface WebhookEvent
    permits PermissionReplyEvent, InboundMessageEvent, MessageStatusEvent, MetaCallEvent, CallMediaEvent, CallStatusEvent,
        AccountUpdateEvent, AccountSettingsUpdateEvent, UnrecognisedChange {

  WebhookEventKind kind();

  /** Equal for redeliveries of the same event, distinct otherwise. */
  String dedupeKey();

  /** {@code value.metadata.phone_number_id}: the business number; null when the change has none. */
  String phoneNumberId();

  /** The customer's WhatsApp id, when the event names one. */
  String waId();

  /** When Meta says it happened; null when the event carries no time. */
  Instant timestamp();

  /**
   * The call this event belongs to (its wacid), for the events whose order within a call matters:
   * they are dispatched in the order they came. Null for every other event.
   */
  default String callKey() {
    return null;
  }
}
