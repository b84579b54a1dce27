package io.wacall.api.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A {@code statuses[]} item with {@code type:"call"} on field {@code calls}: progress of a
 * business-initiated call (docs/meta-cloud-api.md#call-statuses).
 *
 * @param callId the wacid
 * @param status upper case: {@code RINGING}, {@code ACCEPTED}, {@code REJECTED}
 * @param waId {@code recipient_id}
 */
public record CallStatusEvent(
    String phoneNumberId,
    String callId,
    String status,
    Instant timestamp,
    String waId,
    String recipientUserId,
    String bizOpaqueCallbackData,
    List<WebhookError> errors) implements WebhookEvent {

  public CallStatusEvent {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.CALL_STATUS;
  }

  @Override
  public String dedupeKey() {
    return "callstatus:" + callId + ":" + status;
  }

  @Override
  public String callKey() {
    return callId;
  }
}
