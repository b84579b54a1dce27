package io.wacall.contract.permission.view;

import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import java.time.Instant;

/**
 * The newest permission request, while it can still be answered.
 *
 * @param statusBefore the status before it was sent, restored if Meta reports the send failed
 */
public record PendingRequest(
    String messageId,
    Instant sentAt,
    Instant expiresAt,
    RequestDeliveryStatus.DeliveryStatus deliveryStatus,
    PermissionStatus statusBefore) {

  public PendingRequest withDelivery(RequestDeliveryStatus.DeliveryStatus status) {
    return new PendingRequest(messageId, sentAt, expiresAt, status, statusBefore);
  }
}
