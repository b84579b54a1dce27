package io.wacall.api.webhook;

import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.signal.RequestDeliveryStatus.DeliveryStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code statuses[]} item on field {@code messages}: what became of a message the business sent.
 *
 * @param waId {@code recipient_id}
 * @param status as Meta spells it, lower case: {@code sent}, {@code delivered}, {@code read},
 *     {@code failed}, or one we do not track
 * @param bizOpaqueCallbackData what the message was sent with, when it was (every permission
 *     request carries {@code CloudApiClient.PERMISSION_REQUEST_CALLBACK_DATA}); null on events
 *     stored before it was kept
 */
public record MessageStatusEvent(
    String phoneNumberId,
    String waId,
    String messageId,
    String status,
    Instant timestamp,
    List<WebhookError> errors,
    String bizOpaqueCallbackData) implements WebhookEvent {

  public MessageStatusEvent {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** Whether the message is one of wacall's permission requests by its callback data. */
  public boolean carriesPermissionRequestTag() {
    return CloudApiClient.PERMISSION_REQUEST_CALLBACK_DATA.equals(bizOpaqueCallbackData);
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.MESSAGE_STATUS;
  }

  @Override
  public String dedupeKey() {
    return "status:" + messageId + ":" + status;
  }

  /** The status as the workflow knows it; empty for statuses it does not track. */
  public Optional<DeliveryStatus> deliveryStatus() {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "sent" -> Optional.of(DeliveryStatus.SENT);
      case "delivered" -> Optional.of(DeliveryStatus.DELIVERED);
      case "read" -> Optional.of(DeliveryStatus.READ);
      case "failed" -> Optional.of(DeliveryStatus.FAILED);
      default -> Optional.empty();
    };
  }

  /** The {@code requestStatus} signal's argument, for a tracked status. */
  public Optional<RequestDeliveryStatus> toSignal() {
    String error = errors.isEmpty() ? null
        : String.join("; ", errors.stream().map(WebhookError::summary).toList());
    return deliveryStatus().map(s -> new RequestDeliveryStatus(messageId, s, timestamp, error));
  }
}
