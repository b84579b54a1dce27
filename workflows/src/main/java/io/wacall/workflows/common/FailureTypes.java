package io.wacall.workflows.common;

/**
 * The {@code ApplicationFailure} types that cross the activity/workflow/client boundary. They are
 * strings, not Java classes, so that callers in any language can match on them.
 */
public final class FailureTypes {
  /** Meta refused because a request or call limit was reached (138009, 613, 138005, 138012...). */
  public static final String CLOUD_API_THROTTLED = "CloudApiThrottled";
  /** Meta says a permanent permission already exists (138017). */
  public static final String CLOUD_API_ALREADY_GRANTED = "CloudApiPermissionAlreadyGranted";
  /** Meta says the business has no approved permission to call this user (138006). */
  public static final String CLOUD_API_NO_PERMISSION = "CloudApiNoPermission";
  /** The recipient cannot be reached this way (131026 app too old, 131030 not allow-listed, 138001). */
  public static final String CLOUD_API_RECIPIENT_UNSUPPORTED = "CloudApiRecipientUnsupported";
  /** Calling is not available for this business number (138000, 138013, 138014, 138018...). */
  public static final String CLOUD_API_CALLING_UNAVAILABLE = "CloudApiCallingUnavailable";
  /** A call with this receiver is already in progress (138003). */
  public static final String CLOUD_API_CALL_IN_PROGRESS = "CloudApiCallInProgress";
  /** Any other 4xx answer: the request itself is wrong; retrying cannot help. */
  public static final String CLOUD_API_REJECTED = "CloudApiRejected";
  /** 5xx or network trouble: Temporal retries these with backoff. */
  public static final String CLOUD_API_TRANSIENT = "CloudApiTransient";

  /** A permission request refused because a grant is active. */
  public static final String PERMISSION_GRANT_ACTIVE = "PermissionGrantActive";
  /** A permission request refused by the throttle; details carry the next allowed instant. */
  public static final String PERMISSION_REQUEST_THROTTLED = "PermissionRequestThrottled";

  private FailureTypes() {}
}
