package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import java.time.Instant;

/**
 * Argument of {@code LogConversationEvent}: one line per call in the customer's conversation log
 * ({@code GET /api/v1/conversations/{phoneNumberId}/{waId}/events}), idempotent by callId.
 *
 * @param type {@code MISSED_CALL} for an inbound call nobody took (MISSED, DECLINED, ABANDONED), else {@code CALL}
 * @param callbackRequestAllowed a missed inbound call on a number that lets customers request a callback
 */
public record ConversationEvent(
    String callId,
    String wacid,
    String phoneNumberId,
    String waId,
    CallDirection direction,
    Type type,
    CallOutcome outcome,
    String agentId,
    Instant at,
    Integer durationSeconds,
    boolean callbackRequestAllowed) {

  public enum Type {
    MISSED_CALL,
    CALL
  }
}
