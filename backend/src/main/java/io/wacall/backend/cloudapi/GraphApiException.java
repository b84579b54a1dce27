package io.wacall.backend.cloudapi;

import io.wacall.workflows.common.CloudApiErrorDetails;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A Cloud API call that did not succeed: an HTTP error answer, an answer we could not read, or a
 * network failure. The message names the operation, the HTTP status and the Graph code, and never
 * contains the access token.
 */
public class GraphApiException extends RuntimeException {
  private static final GraphError NO_GRAPH_ERROR = new GraphError(null, null, null, null, null, null);

  private final int httpStatus;
  private final GraphError graphError;
  private final CloudApiErrorCategory category;
  private final boolean ambiguous;
  private final Instant retryAt;

  /**
   * @param httpStatus 0 when no HTTP answer arrived
   * @param graphError the parsed Graph error body, or null when there was none
   * @param ambiguous true when the request may have reached Meta and taken effect
   * @param retryAt when Meta said to try again, or null
   */
  public GraphApiException(
      String message,
      int httpStatus,
      GraphError graphError,
      CloudApiErrorCategory category,
      boolean ambiguous,
      Instant retryAt,
      Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.graphError = graphError == null ? NO_GRAPH_ERROR : graphError;
    this.category = Objects.requireNonNull(category, "category");
    this.ambiguous = ambiguous;
    this.retryAt = retryAt;
  }

  /** HTTP status of Meta's answer; 0 for a network failure. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Graph {@code error.code}, or null. */
  public Integer code() {
    return graphError.code();
  }

  /** Graph {@code error.error_subcode}, or null. */
  public Integer errorSubcode() {
    return graphError.subcode();
  }

  /** Graph {@code error.type} (e.g. {@code OAuthException}), or null. */
  public String type() {
    return graphError.type();
  }

  /** Graph {@code error.message}, or null. */
  public String graphMessage() {
    return graphError.message();
  }

  /** Graph {@code error.error_data.details}, or null. */
  public String details() {
    return graphError.details();
  }

  /** Graph {@code error.fbtrace_id}, for Meta support; or null. */
  public String fbtraceId() {
    return graphError.fbtraceId();
  }

  public GraphError graphError() {
    return graphError;
  }

  public CloudApiErrorCategory category() {
    return category;
  }

  /**
   * True when the request may have reached Meta and taken effect (a read timeout, a 5xx, an
   * unreadable success answer), so a retry could act twice. False when it surely did not: the
   * connection was never made, or Meta answered 4xx.
   */
  public boolean ambiguous() {
    return ambiguous;
  }

  /** When Meta said the action is allowed again (138012's error_data, a Retry-After header), or null. */
  public Instant retryAt() {
    return retryAt;
  }

  /** The small record that {@link #toApplicationFailure()} puts in the failure's details. */
  public CloudApiErrorDetails errorDetails() {
    return new CloudApiErrorDetails(
        category.name(), httpStatus, code(), errorSubcode(), retryAt, ambiguous, fbtraceId());
  }

  /**
   * Whether Temporal should retry the activity. Only TRANSIENT, and 613 (the per-second rate limit
   * of GET call_permissions, docs/meta-cloud-api.md#permission-lookup) where a backoff is exactly the cure. The other limits
   * last hours to days, so the workflow decides with {@link #retryAt()} instead.
   */
  public boolean retryable() {
    return category == CloudApiErrorCategory.TRANSIENT
        || (category == CloudApiErrorCategory.THROTTLED
            && Integer.valueOf(GraphErrorCodes.CALL_PERMISSIONS_RATE_LIMIT).equals(code()));
  }

  /**
   * This error as a Temporal failure: type from the category, non-retryable unless
   * {@link #retryable()}, details = one {@link CloudApiErrorDetails}.
   */
  public ApplicationFailure toApplicationFailure() {
    return toApplicationFailure(Clock.systemUTC());
  }

  ApplicationFailure toApplicationFailure(Clock clock) {
    ApplicationFailure.Builder builder = ApplicationFailure.newBuilder()
        .setType(category.failureType())
        .setMessage(getMessage())
        .setNonRetryable(!retryable())
        .setDetails(errorDetails())
        .setCause(this);
    if (retryable() && retryAt != null) {
      Duration wait = Duration.between(clock.instant(), retryAt);
      builder.setNextRetryDelay(wait.isNegative() ? Duration.ZERO : wait);
    }
    return builder.build();
  }
}
