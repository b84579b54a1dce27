package io.wacall.workflows.contract;

import io.wacall.workflows.permission.PermissionActivities;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** CallPermission's outside world for the contract tests: Meta knows no grant and accepts every send. */
class ContractPermissionActivities implements PermissionActivities {
  final List<SendPermissionRequest> sent = new CopyOnWriteArrayList<>();
  volatile String messageId = "wamid.unset";

  @Override
  public String sendPermissionRequest(SendPermissionRequest request) {
    sent.add(request);
    return messageId;
  }

  @Override
  public CloudPermission fetchCloudPermission(String phoneNumberId, String waId) {
    return new CloudPermission(PermissionStatus.NONE, null, true, null);
  }

  @Override
  public RecordedPermission loadPermissionRecord(String phoneNumberId, String waId) {
    return null; // every contract scenario uses a pair of its own
  }

  @Override
  public PlacedRequest placePermissionRequest(PlaceRequest place) {
    CloudPermission meta = fetchCloudPermission(place.request().phoneNumberId(), place.request().waId());
    String messageId = sendPermissionRequest(place.request());
    recordPermission(place.pendingSent(messageId));
    return new PlacedRequest(null, meta, messageId, true);
  }

  @Override
  public void recordPermission(PermissionView snapshot) {}
}
