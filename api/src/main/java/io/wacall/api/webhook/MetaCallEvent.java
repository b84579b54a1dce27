package io.wacall.api.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.wacall.contract.call.view.CallDirection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A {@code calls[]} item (docs/meta-cloud-api.md#call-events): {@code connect}, {@code terminate}, or
 * an event name we do not know yet, kept as sent.
 *
 * @param callId the wacid
 * @param waId the customer: {@code from} on a user-initiated call, {@code to} on a
 *     business-initiated one (decided by {@code direction}, never by the samples' comments)
 * @param event lower case: {@code connect}, {@code terminate}, ...
 * @param session connect only
 * @param status terminate only, as sent ({@code COMPLETED}, {@code Failed}, ...); see {@link #terminateStatus()}
 * @param durationSeconds terminate of an answered call only
 * @param startTime terminate of an answered call only
 * @param endTime terminate of an answered call only
 * @param errors the sibling {@code value.errors[]} and any inside the call object
 */
public record MetaCallEvent(
    String phoneNumberId,
    String callId,
    CallDirection direction,
    String from,
    String to,
    String waId,
    String event,
    Instant timestamp,
    CallSession session,
    String status,
    Integer durationSeconds,
    Instant startTime,
    Instant endTime,
    String bizOpaqueCallbackData,
    String ctaPayload,
    String deeplinkPayload,
    List<WebhookError> errors) implements WebhookEvent {

  public static final String CONNECT = "connect";
  public static final String TERMINATE = "terminate";

  public MetaCallEvent {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.CALL;
  }

  @Override
  public String dedupeKey() {
    return "call:" + callId + ":" + event;
  }

  @Override
  public String callKey() {
    return callId;
  }

  @JsonIgnore // not a component: kept out of the stored JSON (WebhookEventJson)
  public boolean isConnect() {
    return CONNECT.equals(event);
  }

  @JsonIgnore
  public boolean isTerminate() {
    return TERMINATE.equals(event);
  }

  /** Upper-case {@link #status()}: samples spell it both {@code COMPLETED} and {@code Completed}. */
  public String terminateStatus() {
    return status == null ? null : status.toUpperCase(Locale.ROOT);
  }

  /** Whether the call was answered: Meta sends the duration only then. */
  public boolean answered() {
    return durationSeconds != null || startTime != null;
  }
}
