package io.wacall.sandbox.graph;

import java.time.Instant;
import org.springframework.http.HttpStatus;

/**
 * A Graph API error: the code and HTTP status Meta lists (docs/meta-cloud-api.md#error-codes), turned
 * into Graph's error body by {@link GraphErrorHandler}.
 */
public class GraphError extends RuntimeException {
  /** Graph's generic invalid-parameter code, also used for SDP failures and unknown call ids. */
  public static final int INVALID_PARAMETER = 100;

  /** Graph's invalid or missing access token. */
  public static final int INVALID_TOKEN = 190;

  /** A call with this receiver is already in progress. */
  public static final int CALL_IN_PROGRESS = 138003;

  /** No approved call permission. */
  public static final int NO_CALL_PERMISSION = 138006;

  /** Permission request limit reached (1 per 24 h, 2 per 7 days). */
  public static final int PERMISSION_REQUEST_LIMIT = 138009;

  /** Connected business-initiated call cap reached (100 per 24 h). */
  public static final int CONNECTED_CALL_LIMIT = 138012;

  /** A permanent permission already exists. */
  public static final int PERMANENT_PERMISSION_EXISTS = 138017;

  private final HttpStatus httpStatus;
  private final int code;
  private final String details;

  private GraphError(HttpStatus httpStatus, int code, String message, String details) {
    super(message);
    this.httpStatus = httpStatus;
    this.code = code;
    this.details = details;
  }

  public static GraphError invalidParameter(String details) {
    return new GraphError(
        HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "(#100) Invalid parameter", details);
  }

  /** {@code GET} of an id Graph does not know (a media id never made, or deleted after its 7 days). */
  public static GraphError unknownObject(String id) {
    return new GraphError(HttpStatus.BAD_REQUEST, INVALID_PARAMETER,
        "Unsupported get request. Object with ID '" + id + "' does not exist", null);
  }

  public static GraphError invalidToken(String details) {
    return new GraphError(
        HttpStatus.UNAUTHORIZED,
        INVALID_TOKEN,
        "Invalid OAuth access token - Cannot parse access token",
        details);
  }

  public static GraphError callInProgress(String callId) {
    return new GraphError(
        HttpStatus.BAD_REQUEST,
        CALL_IN_PROGRESS,
        "Call already in progress",
        "A call with this receiver is already in progress: " + callId);
  }

  public static GraphError noCallPermission() {
    return new GraphError(
        HttpStatus.UNAUTHORIZED,
        NO_CALL_PERMISSION,
        "No approved call permission from the recipient",
        "The WhatsApp user has not granted the business permission to call them");
  }

  public static GraphError permissionRequestLimit(Instant nextAllowedAt) {
    return new GraphError(
        HttpStatus.BAD_REQUEST,
        PERMISSION_REQUEST_LIMIT,
        "Call permission request limit reached",
        "At most 1 call permission request per 24 hours and 2 per 7 days may be sent to this"
            + " user; the next one is allowed at "
            + nextAllowedAt);
  }

  public static GraphError connectedCallLimit(Instant nextAllowedAt) {
    return new GraphError(
        HttpStatus.BAD_REQUEST,
        CONNECTED_CALL_LIMIT,
        "Business initiated calls limit reached",
        "Too many connected calls to this user in 24 hours; the next call is allowed at "
            + nextAllowedAt);
  }

  public static GraphError permanentPermissionExists() {
    return new GraphError(
        HttpStatus.BAD_REQUEST,
        PERMANENT_PERMISSION_EXISTS,
        "Permanent call permission already granted",
        "The user has granted permanent call permission; no request is needed");
  }

  public HttpStatus httpStatus() {
    return httpStatus;
  }

  public int code() {
    return code;
  }

  public String details() {
    return details;
  }
}
