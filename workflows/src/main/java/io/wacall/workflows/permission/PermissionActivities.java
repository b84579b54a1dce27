package io.wacall.workflows.permission;

import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;

/** What the CallPermission workflow asks of the outside world. Implemented in the activities module. */
@ActivityInterface
public interface PermissionActivities {

  /**
   * Sends the permission request message through the Cloud API and returns its wamid. Fails with
   * an ApplicationFailure of a {@code FailureTypes.CLOUD_API_*} type.
   */
  @ActivityMethod(name = "SendPermissionRequest")
  String sendPermissionRequest(SendPermissionRequest request);

  /** Meta's own view of the pair ({@code GET /{phone-number-id}/call_permissions}). */
  @ActivityMethod(name = "FetchCloudPermission")
  CloudPermission fetchCloudPermission(String phoneNumberId, String waId);

  /** Writes the snapshot to the read model; an older version than the stored one is ignored. */
  @ActivityMethod(name = "RecordPermission")
  void recordPermission(PermissionView snapshot);

  /**
   * What the read model last recorded of the pair, or null for a pair never recorded. A fresh run
   * (no run of the pair is open: the previous one completed) starts from it, so that a reply older
   * than the pair's last change grants nothing.
   */
  @ActivityMethod(name = "LoadPermissionRecord")
  RecordedPermission loadPermissionRecord(String phoneNumberId, String waId);

  /** Arguments of {@link #sendPermissionRequest}. */
  record SendPermissionRequest(
      String phoneNumberId, String waId, String bodyText, String templateName, String templateLanguage) {}

  /**
   * Meta's answer about a pair.
   *
   * @param status {@code NONE}, {@code TEMPORARY} or {@code PERMANENT}
   * @param canSendRequest whether Meta would accept a permission request now
   * @param nextRequestAllowedAt when Meta's exhausted request limit lapses, if it said
   */
  record CloudPermission(
      PermissionStatus status, Instant expiresAt, boolean canSendRequest, Instant nextRequestAllowedAt) {}

  /**
   * The read model's record of a pair, as {@link #loadPermissionRecord} returns it.
   *
   * @param status the last status recorded
   * @param lastChangeAt the pair's last state change ({@link PermissionView#lastChangeAt()}); null
   *     when not known
   */
  record RecordedPermission(PermissionStatus status, Instant lastChangeAt) {}
}
