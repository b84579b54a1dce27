package io.wacall.api.webhook;

import io.wacall.workflows.permission.PermissionActivities;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CallPermission workflow's outside world for webhook tests: Meta accepts every request (each
 * gets a fresh wamid) and has no grant on record; read-model writes are kept in memory. The real
 * activities are tested against WireMock and PostgreSQL by their own tests.
 */
public class RecordingPermissionActivities implements PermissionActivities {
  private static final AtomicInteger IDS = new AtomicInteger();

  final List<SendPermissionRequest> sent = new CopyOnWriteArrayList<>();
  final List<PermissionView> recorded = new CopyOnWriteArrayList<>();

  @Override
  public String sendPermissionRequest(SendPermissionRequest request) {
    sent.add(request);
    return "wamid.TEST-REQUEST-" + IDS.incrementAndGet();
  }

  @Override
  public CloudPermission fetchCloudPermission(String phoneNumberId, String waId) {
    return new CloudPermission(PermissionStatus.NONE, null, true, null);
  }

  /** The last snapshot of the pair this worker recorded (the webhook tests give every test a pair of its own). */
  @Override
  public RecordedPermission loadPermissionRecord(String phoneNumberId, String waId) {
    for (int i = recorded.size() - 1; i >= 0; i--) {
      PermissionView view = recorded.get(i);
      if (view.phoneNumberId().equals(phoneNumberId) && view.waId().equals(waId)) {
        return new RecordedPermission(view.status(), view.lastChangeAt());
      }
    }
    return null;
  }

  @Override
  public void recordPermission(PermissionView snapshot) {
    recorded.add(snapshot);
  }

  /** The pair's record, Meta's view (no grant, no limit) and the send, then the pending request recorded. */
  @Override
  public PlacedRequest placePermissionRequest(PlaceRequest place) {
    SendPermissionRequest request = place.request();
    RecordedPermission record = place.loadRecord() ? loadPermissionRecord(request.phoneNumberId(), request.waId()) : null;
    String messageId = sendPermissionRequest(request);
    recordPermission(place.pendingSent(messageId));
    return new PlacedRequest(record, fetchCloudPermission(request.phoneNumberId(), request.waId()), messageId, true);
  }
}
