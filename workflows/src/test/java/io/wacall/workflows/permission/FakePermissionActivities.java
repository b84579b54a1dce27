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
 * The workflow's outside world, in memory: records what was sent and stored, and can be told what
 * Meta answers. Its read model keeps the last snapshot of each pair, which a fresh run loads. The real implementations are tested against WireMock and PostgreSQL in the
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

  void reset() {
    sent.clear();
    recorded.clear();
    readModel.clear();
    sendFailure = null;
    cloud = null;
    cloudUnavailable = false;
  }

  @Override
  public String sendPermissionRequest(SendPermissionRequest request) {
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
