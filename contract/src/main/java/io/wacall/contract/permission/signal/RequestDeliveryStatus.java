package io.wacall.contract.permission.signal;

import java.time.Instant;
import java.util.Objects;

/**
 * Signal {@code requestStatus}: a message-status webhook ({@code sent}, {@code delivered},
 * {@code read}, {@code failed}) for a permission request we sent.
 */
public record RequestDeliveryStatus(String messageId, DeliveryStatus status, Instant timestamp, String error) {
  public RequestDeliveryStatus {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(timestamp, "timestamp");
  }

  /** Meta's message statuses, in the order a message normally goes through them. */
  public enum DeliveryStatus {
    SENT,
    DELIVERED,
    READ,
    FAILED
  }
}
