package io.wacall.workflows.permission;

import io.temporal.failure.ApplicationFailure;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.workflows.permission.PermissionData.Refusal;
import java.time.Instant;

/** The failures CallPermission answers a refused or unsent request with. Pure: no commands, no clock. */
final class PermissionFailures {
  private PermissionFailures() {}

  /** The refusal as the update's failure, with {@link Refused} (and the pair's state) as its first detail. */
  static ApplicationFailure refused(Refusal refusal, PermissionView state) {
    if (refusal.reason() == Refusal.Reason.GRANT_ACTIVE) {
      return ApplicationFailure.newNonRetryableFailure(
          "a grant is active (" + state.status() + "): no request is needed",
          FailureTypes.PERMISSION_GRANT_ACTIVE, new Refused("GRANT_ACTIVE", null, state));
    }
    return ApplicationFailure.newNonRetryableFailure(
        "request limit reached (1 per 24 h, 2 per 7 days); next request allowed at " + refusal.nextAllowedAt(),
        FailureTypes.PERMISSION_REQUEST_THROTTLED, new Refused("THROTTLED", refusal.nextAllowedAt(), state));
  }

  /** The Cloud API's details of a failed send, or null when it carried none (or none readable). */
  static CloudApiErrorDetails detailsOf(ApplicationFailure cause) {
    try {
      return cause.getDetails().getSize() == 0 ? null : cause.getDetails().get(0, CloudApiErrorDetails.class);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  /** When Meta said a throttled request may be retried, or null. */
  static Instant retryAt(ApplicationFailure cause) {
    CloudApiErrorDetails details = detailsOf(cause);
    return details == null ? null : details.retryAt();
  }
}
