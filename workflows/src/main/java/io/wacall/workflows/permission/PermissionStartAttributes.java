package io.wacall.workflows.permission;

import io.temporal.common.SearchAttributes;
import io.wacall.contract.WacallSearchAttributes;
import io.wacall.contract.permission.view.PermissionStatus;

/**
 * The search attributes a starter of CallPermission sets in the start options, so that the run
 * need not upsert them (each upsert is a billable action, a start's attributes are not). The
 * API's update-with-start of {@code requestPermission} starts a run whose first act is the request
 * it carries: the business number, and {@code PENDING}; the run upserts the status only when it
 * turns out otherwise (the request refused or not sent). A run started without them (signal-with-
 * start, another service) upserts the number with its first status, in one upsert.
 */
public final class PermissionStartAttributes {
  private PermissionStartAttributes() {}

  /** Of a run started by update-with-start of {@code requestPermission}. */
  public static SearchAttributes ofRequest(String phoneNumberId) {
    return SearchAttributes.newBuilder()
        .set(WacallSearchAttributes.PHONE_NUMBER_ID, phoneNumberId)
        .set(WacallSearchAttributes.PERMISSION_STATUS, PermissionStatus.PENDING.name())
        .build();
  }
}
