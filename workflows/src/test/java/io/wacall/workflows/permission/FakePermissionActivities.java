package io.wacall.workflows.permission;

import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The workflow's outside world, in memory, one per test: records what was sent and stored, and can
 * be told what Meta answers. Its read model keeps the last snapshot of each pair, which a fresh run loads. The real implementations are tested against WireMock and PostgreSQL in the
 * backend module.
 */
class FakePermissionActivities implements PermissionActivities {
  final List<SendPermissionRequest> sent = new CopyOnWriteArrayList<>();
  final List<PermissionView> recorded = new CopyOnWriteArrayList<>();
  /** The read model: the last snapshot recorded of each pair, by {@code phoneNumberId:waId}. */
  final Map<String, RecordedPermission> readModel = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  volatile Supplier<RuntimeException> sendFailure;
  volatile CloudPermission cloud;
  volatile boolean cloudUnavailable;
  /** The request's activity sends, but its write of the pending request fails (it answers so). */
  volatile boolean pendingWriteFails;
  /**
   * Set: the request's activity answers "sent, unconfirmed" with this reason (Meta's answer to the
   * send was lost), as the real one does for an ambiguous send; the message reached Meta.
   */
  volatile String sendUnconfirmed;
  /** Meta's view after a send answered unconfirmed; null: as before the send. */
  volatile CloudPermission cloudAfterUnconfirmedSend;
  /** Every send that may have reached Meta: answered, or unconfirmed. */
  final AtomicInteger sendAttempts = new AtomicInteger();

  @Override
  public String sendPermissionRequest(SendPermissionRequest request) {
    sendAttempts.incrementAndGet();
    if (sendFailure != null) {
      throw sendFailure.get();
    }
    sent.add(request);
    return "wamid.request-" + ids.incrementAndGet();
  }

  @Override
  public CloudPermission fetchCloudPermission(String phoneNumberId, String waId) {
    if (cloudUnavailable) {
      throw ApplicationFailure.newFailure("Graph unreachable", "CloudApiTransient");
    }
    return cloud != null ? cloud : new CloudPermission(PermissionStatus.NONE, null, true, null);
  }

  /** The four steps above, in the order and with the rules {@link PermissionActivities#placePermissionRequest} sets. */
  @Override
  public PlacedRequest placePermissionRequest(PlaceRequest place) {
    SendPermissionRequest request = place.request();
    RecordedPermission record = place.loadRecord() ? loadPermissionRecord(request.phoneNumberId(), request.waId()) : null;
    CloudPermission meta;
    try {
      meta = fetchCloudPermission(request.phoneNumberId(), request.waId());
    } catch (RuntimeException unavailable) {
      meta = null;
    }
    if (meta != null && meta.stopsRequestAt(place.at())) {
      return new PlacedRequest(record, meta, null, false);
    }
    if (sendUnconfirmed != null) {
      sendAttempts.incrementAndGet();
      CloudPermission after = cloudAfterUnconfirmedSend != null ? cloudAfterUnconfirmedSend : meta;
      return new PlacedRequest(record, after, null, false, sendUnconfirmed);
    }
    String messageId = sendPermissionRequest(request);
    if (pendingWriteFails) {
      return new PlacedRequest(record, meta, messageId, false);
    }
    recordPermission(place.pendingSent(messageId));
    return new PlacedRequest(record, meta, messageId, true);
  }

  @Override
  public RecordedPermission loadPermissionRecord(String phoneNumberId, String waId) {
    return readModel.get(phoneNumberId + ":" + waId);
  }

  @Override
  public void recordPermission(PermissionView snapshot) {
    recorded.add(snapshot);
    readModel.put(snapshot.phoneNumberId() + ":" + snapshot.waId(),
        new RecordedPermission(snapshot.status(), snapshot.lastChangeAt()));
  }

  PermissionView lastRecorded() {
    return recorded.isEmpty() ? null : recorded.get(recorded.size() - 1);
  }
}
