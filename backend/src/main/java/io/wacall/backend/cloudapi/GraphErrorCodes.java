package io.wacall.backend.cloudapi;

/**
 * Graph API error codes that matter for calling and call-permission requests. Source:
 * docs/meta-cloud-api.md#error-codes (Meta's calling troubleshooting page, Jun 2026).
 */
public final class GraphErrorCodes {
  /** HTTP 429: too many GET call_permissions requests (100 per 1 s window, docs/meta-cloud-api.md#permission-lookup). */
  public static final int CALL_PERMISSIONS_RATE_LIMIT = 613;
  /** HTTP 400: interactive voice_call not supported in the sender's country. */
  public static final int VOICE_CALL_NOT_SUPPORTED = 131009;
  /** HTTP 400: recipient app too old for a permission request (docs/meta-cloud-api.md#asking-for-permission). */
  public static final int RECIPIENT_APP_TOO_OLD = 131026;
  /** HTTP 400: recipient not on the public-test-number allow list. */
  public static final int RECIPIENT_NOT_ALLOW_LISTED = 131030;
  /** HTTP 400: no valid payment method. */
  public static final int NO_PAYMENT_METHOD = 131044;
  /** HTTP 400: Graph calling API used on a number with SIP enabled. */
  public static final int SIP_ENABLED = 131055;
  /** HTTP 401: calling is not enabled on the number. */
  public static final int CALLING_NOT_ENABLED = 138000;
  /** HTTP 400: receiver cannot take calls (not on WhatsApp, old ToS, unsupported client). */
  public static final int RECEIVER_CANNOT_TAKE_CALLS = 138001;
  /** HTTP 429: 1,000 concurrent calls per business number reached. */
  public static final int CONCURRENT_CALL_LIMIT = 138002;
  /** HTTP 400: a call with this receiver is already in progress. */
  public static final int CALL_ALREADY_IN_PROGRESS = 138003;
  /** HTTP 500: connection error on Meta's side; retry. */
  public static final int CONNECTION_ERROR = 138004;
  /** HTTP 429: call-initiation rate limit of the business number (10,000 per 24 h). */
  public static final int CALL_INITIATION_RATE_LIMIT = 138005;
  /** HTTP 401: no approved call permission from this user. */
  public static final int NO_CALL_PERMISSION = 138006;
  /** HTTP 500: the SDP offer/answer was not applied in time. */
  public static final int CONNECT_TIMEOUT = 138007;
  /** HTTP 400: permission-request limit (1 per 24 h, 2 per 7 days) reached. */
  public static final int PERMISSION_REQUEST_LIMIT = 138009;
  /** HTTP 400: connected business-initiated calls cap (100 per 24 h per user); error_data says when. */
  public static final int CONNECTED_CALL_LIMIT = 138012;
  /** HTTP 400: business-initiated calling not available in the business number's country. */
  public static final int BIC_COUNTRY_UNAVAILABLE = 138013;
  /** HTTP 400: calling temporarily disabled for low quality. */
  public static final int CALLING_DISABLED_LOW_QUALITY = 138014;
  /** HTTP 400: calling cannot be enabled (messaging limit below 2,000). */
  public static final int MESSAGING_LIMIT_TOO_LOW = 138015;
  /** HTTP 400: a permanent permission already exists, so no request is needed. */
  public static final int PERMANENT_PERMISSION_EXISTS = 138017;
  /** HTTP 400: no app subscribed to the calls webhook field and no SIP. */
  public static final int CALLING_PREREQUISITES_MISSING = 138018;

  private GraphErrorCodes() {}
}
