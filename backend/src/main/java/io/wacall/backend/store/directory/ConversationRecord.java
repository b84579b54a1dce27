package io.wacall.backend.store.directory;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a customer's conversation log, as an activity writes it.
 *
 * @param waId the customer's WhatsApp id
 * @param at when it happened (the workflow's time, so a retry writes the same instant)
 * @param callId the call's id (its workflow ID); with {@code kind} the idempotency key of the
 *     entry. Null for an entry that belongs to no call, which is then never deduplicated.
 * @param detail free-form facts for the CRM to show (agent, duration, Meta's error...); stored as
 *     JSON
 */
public record ConversationRecord(
    String phoneNumberId,
    String waId,
    Instant at,
    ConversationEventKind kind,
    String callId,
    Map<String, Object> detail) {

  public ConversationRecord {
    detail = detail == null ? Map.of() : detail;
  }
}
