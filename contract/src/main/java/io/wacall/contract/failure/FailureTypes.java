package io.wacall.contract.failure;

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

  /** An answer or decline from an agent who is not the member being rung now (API: 409 NOT_RINGING_FOR_AGENT). */
  public static final String NOT_RINGING_FOR_AGENT = "NotRingingForAgent";
  /** A hang-up from an agent who is not on the call, or for a call that is not in progress. */
  public static final String NOT_IN_CALL = "NotInCall";
  /** A disposition tag the business number does not allow (API: 400). */
  public static final String INVALID_DISPOSITION_TAG = "InvalidDispositionTag";
  /** A disposition before the call connected or ended, or after the wrap-up window. */
  public static final String DISPOSITION_NOT_OPEN = "DispositionNotOpen";
  /** An update without its required fields. */
  public static final String INVALID_REQUEST = "InvalidRequest";

  /** Outbound refused: no active call permission (ours, or Meta's 138006). API: 403 PERMISSION_REQUIRED. */
  public static final String PERMISSION_REQUIRED = "PermissionRequired";
  /** Outbound refused: the business number's country (or Meta) does not allow business-initiated calls. API: 422 CALLING_NOT_AVAILABLE. */
  public static final String CALLING_NOT_AVAILABLE = "CallingNotAvailable";
  /** Outbound refused: the customer's market is not callable, or Meta says the receiver cannot take calls. API: 422 DESTINATION_NOT_CALLABLE. */
  public static final String DESTINATION_NOT_CALLABLE = "DestinationNotCallable";
  /** Outbound refused by a Meta limit; the CallRefusal detail carries retryAt. API: 429 RATE_LIMITED. */
  public static final String RATE_LIMITED = "RateLimited";
  /** Outbound: the connect failed for another reason (Meta's code in the details), or a check could not be made. */
  public static final String CALL_FAILED = "CallFailed";

  private FailureTypes() {}
}
