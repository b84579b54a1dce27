package io.wacall.backend.cloudapi;

import static io.wacall.backend.cloudapi.GraphErrorCodes.*;

import io.wacall.contract.failure.FailureTypes;
import java.util.Map;

/**
 * What a caller can do about a Cloud API error, grouped as docs/meta-cloud-api.md#error-codes
 * suggests. Each category names the {@code ApplicationFailure} type it becomes.
 */
public enum CloudApiErrorCategory {
  /** A request or call limit was reached; wait (see {@link GraphApiException#retryAt()}). */
  THROTTLED(FailureTypes.CLOUD_API_THROTTLED),
  /** A permanent permission already exists; no request is needed. */
  ALREADY_GRANTED(FailureTypes.CLOUD_API_ALREADY_GRANTED),
  /** The business has no approved permission to call this user. */
  NO_PERMISSION(FailureTypes.CLOUD_API_NO_PERMISSION),
  /** The recipient cannot be reached this way. */
  RECIPIENT_UNSUPPORTED(FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED),
  /** Calling is not available for this business number. */
  CALLING_UNAVAILABLE(FailureTypes.CLOUD_API_CALLING_UNAVAILABLE),
  /**
   * A call with this receiver is already in progress (138003). FailureTypes has no constant for it
   * yet, so the type string lives here until it is added there.
   */
  CALL_IN_PROGRESS(CloudApiErrorCategory.CALL_IN_PROGRESS_FAILURE_TYPE),
  /** Any other 4xx: the request itself is wrong; retrying cannot help. */
  REJECTED(FailureTypes.CLOUD_API_REJECTED),
  /** 5xx, network trouble, or an answer we could not read: retry with backoff. */
  TRANSIENT(FailureTypes.CLOUD_API_TRANSIENT);

  /** Proposed as {@code FailureTypes.CLOUD_API_CALL_IN_PROGRESS}. */
  public static final String CALL_IN_PROGRESS_FAILURE_TYPE = FailureTypes.CLOUD_API_CALL_IN_PROGRESS;

  private static final Map<Integer, CloudApiErrorCategory> BY_CODE = Map.ofEntries(
      Map.entry(PERMISSION_REQUEST_LIMIT, THROTTLED),
      Map.entry(CALL_PERMISSIONS_RATE_LIMIT, THROTTLED),
      Map.entry(CALL_INITIATION_RATE_LIMIT, THROTTLED),
      Map.entry(CONNECTED_CALL_LIMIT, THROTTLED),
      Map.entry(CONCURRENT_CALL_LIMIT, THROTTLED),
      Map.entry(PERMANENT_PERMISSION_EXISTS, ALREADY_GRANTED),
      Map.entry(NO_CALL_PERMISSION, NO_PERMISSION),
      Map.entry(RECIPIENT_APP_TOO_OLD, RECIPIENT_UNSUPPORTED),
      Map.entry(RECIPIENT_NOT_ALLOW_LISTED, RECIPIENT_UNSUPPORTED),
      Map.entry(RECEIVER_CANNOT_TAKE_CALLS, RECIPIENT_UNSUPPORTED),
      Map.entry(CALLING_NOT_ENABLED, CALLING_UNAVAILABLE),
      Map.entry(BIC_COUNTRY_UNAVAILABLE, CALLING_UNAVAILABLE),
      Map.entry(CALLING_DISABLED_LOW_QUALITY, CALLING_UNAVAILABLE),
      Map.entry(MESSAGING_LIMIT_TOO_LOW, CALLING_UNAVAILABLE),
      Map.entry(CALLING_PREREQUISITES_MISSING, CALLING_UNAVAILABLE),
      Map.entry(SIP_ENABLED, CALLING_UNAVAILABLE),
      Map.entry(NO_PAYMENT_METHOD, CALLING_UNAVAILABLE),
      Map.entry(VOICE_CALL_NOT_SUPPORTED, CALLING_UNAVAILABLE),
      Map.entry(CALL_ALREADY_IN_PROGRESS, CALL_IN_PROGRESS),
      // Meta lists these two as HTTP 500 with "retry" as the action.
      Map.entry(CONNECTION_ERROR, TRANSIENT),
      Map.entry(CONNECT_TIMEOUT, TRANSIENT));

  private static final int HTTP_TOO_MANY_REQUESTS = 429;
  private static final int HTTP_SERVER_ERROR_MIN = 500;

  private final String failureType;

  CloudApiErrorCategory(String failureType) {
    this.failureType = failureType;
  }

  /** The {@code ApplicationFailure} type string (see {@link FailureTypes}). */
  public String failureType() {
    return failureType;
  }

  /**
   * Classifies an HTTP error answer. A known Graph code wins over the HTTP status, because Meta's
   * table gives both and the code is the more specific; an unknown code falls back to the status.
   *
   * @param graphCode {@code error.code}, or null when the body had none
   */
  public static CloudApiErrorCategory classify(int httpStatus, Integer graphCode) {
    CloudApiErrorCategory known = graphCode == null ? null : BY_CODE.get(graphCode);
    if (known != null) {
      return known;
    }
    if (httpStatus >= HTTP_SERVER_ERROR_MIN) {
      return TRANSIENT;
    }
    // An unlisted code on a 429 is still "too many requests": waiting helps, a fix does not.
    if (httpStatus == HTTP_TOO_MANY_REQUESTS) {
      return THROTTLED;
    }
    return REJECTED;
  }
}
