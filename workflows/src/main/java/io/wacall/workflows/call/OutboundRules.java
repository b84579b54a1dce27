package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallOutcome;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The decisions of a business-initiated call as pure functions: whether the checks refuse it, what
 * a failed connect means, and how the call ended. Codes and limits from docs/meta-cloud-api.md,
 * #call-permissions and #error-codes.
 */
public final class OutboundRules {
  /** How long the customer's phone may ring. Meta does not document when a BIC counts as unanswered (docs/meta-cloud-api.md#ringing-and-call-length). */
  public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(30);
  /** Connect attempts when the failure surely happened before the request reached Meta. */
  public static final int MAX_CONNECT_ATTEMPTS = 3;

  /** Failure types that mean Meta answered with a refusal (a 4xx): nothing was placed. */
  private static final Set<String> REFUSAL_TYPES = Set.of(FailureTypes.CLOUD_API_NO_PERMISSION,
      FailureTypes.CLOUD_API_THROTTLED, FailureTypes.CLOUD_API_CALLING_UNAVAILABLE,
      FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED, FailureTypes.CLOUD_API_CALL_IN_PROGRESS,
      FailureTypes.CLOUD_API_REJECTED, FailureTypes.CLOUD_API_ALREADY_GRANTED);

  /** The API's codes (problem details {@code code}). */
  public static final String PERMISSION_REQUIRED = "PERMISSION_REQUIRED";
  public static final String CALLING_NOT_AVAILABLE = "CALLING_NOT_AVAILABLE";
  public static final String DESTINATION_NOT_CALLABLE = "DESTINATION_NOT_CALLABLE";
  public static final String RATE_LIMITED = "RATE_LIMITED";
  public static final String CALL_FAILED = "CALL_FAILED";
  public static final String CALL_IN_PROGRESS = "CALL_IN_PROGRESS";
  /** An ambiguous connect that no webhook ever confirmed. */
  public static final String CONNECT_UNCONFIRMED = "CONNECT_UNCONFIRMED";

  private OutboundRules() {}

  /**
   * Why the call may not be placed.
   *
   * @param failureType the ApplicationFailure type of the refusal ({@link FailureTypes})
   * @param code the API's code
   */
  public record Refusal(String failureType, String code, String message, Instant retryAt, Integer graphCode) {}

  /** What to do after a failed connect. */
  public enum ConnectFailureKind {
    /** The request may have reached Meta and rung the customer: never retry; learn from the webhooks. */
    AMBIGUOUS,
    /** It surely failed before reaching Meta: safe to try again. */
    RETRY,
    /** Meta refused: nothing was placed. */
    REFUSED
  }

  public record ConnectFailure(ConnectFailureKind kind, Refusal refusal) {}

  /** The refusal of the pre-connect checks, in the README's order (country, market, permission), or null. */
  public static Refusal checkRefusal(OutboundCheck check) {
    String why = check.reason() == null || check.reason().isBlank() ? null : check.reason();
    if (!check.businessInitiatedCallingAllowed()) {
      return new Refusal(FailureTypes.CALLING_NOT_AVAILABLE, CALLING_NOT_AVAILABLE,
          why != null ? why : "the business number's country does not allow business-initiated calls", null, null);
    }
    if (!check.destinationCallable()) {
      return new Refusal(FailureTypes.DESTINATION_NOT_CALLABLE, DESTINATION_NOT_CALLABLE,
          why != null ? why : "the customer's market (" + check.market() + ", " + check.region() + ") is not callable",
          null, null);
    }
    if (!check.permissionGranted()) {
      return new Refusal(FailureTypes.PERMISSION_REQUIRED, PERMISSION_REQUIRED,
          "the customer has not granted call permission (" + check.permissionStatus() + ")", null, null);
    }
    return null;
  }

  /**
   * What a failed connect means, from the failure type alone: Meta's codes are classified once, where
   * the Cloud API's answer is read ({@code CloudApiErrorCategory} in the back end: 138006 is
   * {@code CloudApiNoPermission}, the limit codes are {@code CloudApiThrottled}). A failure without
   * Cloud API details (an activity timeout, a worker crash) is ambiguous: the request may have been sent.
   */
  public static ConnectFailure classifyConnectFailure(String failureType, CloudApiErrorDetails details,
      String message) {
    Integer code = details == null ? null : details.graphCode();
    // Set.of rejects contains(null): a timeout has no failure type
    boolean refusalType = failureType != null && REFUSAL_TYPES.contains(failureType);
    if (details == null ? !refusalType : details.ambiguous()) {
      return new ConnectFailure(ConnectFailureKind.AMBIGUOUS, null);
    }
    if (FailureTypes.CLOUD_API_TRANSIENT.equals(failureType)) {
      // transient and not ambiguous: the connection failed before a byte reached Meta
      return new ConnectFailure(ConnectFailureKind.RETRY, null);
    }
    Refusal refusal;
    if (FailureTypes.CLOUD_API_NO_PERMISSION.equals(failureType)) {
      refusal = new Refusal(FailureTypes.PERMISSION_REQUIRED, PERMISSION_REQUIRED,
          "Meta says the customer has not granted call permission: " + message, null, code);
    } else if (FailureTypes.CLOUD_API_THROTTLED.equals(failureType)) {
      refusal = new Refusal(FailureTypes.RATE_LIMITED, RATE_LIMITED, "Meta's call limit was reached: " + message,
          details == null ? null : details.retryAt(), code);
    } else if (FailureTypes.CLOUD_API_CALLING_UNAVAILABLE.equals(failureType)) {
      refusal = new Refusal(FailureTypes.CALLING_NOT_AVAILABLE, CALLING_NOT_AVAILABLE,
          "Meta says calling is not available for the business number: " + message, null, code);
    } else if (FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED.equals(failureType)) {
      refusal = new Refusal(FailureTypes.DESTINATION_NOT_CALLABLE, DESTINATION_NOT_CALLABLE,
          "Meta says the customer cannot take calls: " + message, null, code);
    } else if (FailureTypes.CLOUD_API_CALL_IN_PROGRESS.equals(failureType)) {
      refusal = new Refusal(FailureTypes.CALL_FAILED, CALL_IN_PROGRESS,
          "a call with this customer is already in progress: " + message, null, code);
    } else {
      refusal = new Refusal(FailureTypes.CALL_FAILED, CALL_FAILED, "Meta refused the call: " + message, null, code);
    }
    return new ConnectFailure(ConnectFailureKind.REFUSED, refusal);
  }

  /** Every connect attempt failed before reaching Meta. */
  public static Refusal unreachable(String message) {
    return new Refusal(FailureTypes.CALL_FAILED, CALL_FAILED,
        "the Cloud API could not be reached after " + MAX_CONNECT_ATTEMPTS + " attempts: " + message, null, null);
  }

  /**
   * How a placed call ended, from Meta's facts: answered (ACCEPTED, or a terminate with a duration)
   * is COMPLETED unless the terminate reports Meta's error; REJECTED; an error is FAILED; the
   * agent's own hang-up before any of these is CANCELED; anything else rang out (ours or Meta's
   * timeout): NOT_ANSWERED.
   */
  public static CallOutcome outcome(boolean answered, boolean rejected, boolean terminateReportsError,
      boolean hungUpByAgent) {
    if (answered) {
      return terminateReportsError ? CallOutcome.FAILED : CallOutcome.COMPLETED;
    }
    if (rejected) {
      return CallOutcome.REJECTED;
    }
    if (terminateReportsError) {
      return CallOutcome.FAILED;
    }
    return hungUpByAgent ? CallOutcome.CANCELED : CallOutcome.NOT_ANSWERED;
  }

  /**
   * Whether CallPermission counts the call as unanswered: rejected and rang-out calls do (4 in a
   * row revoke, docs/meta-cloud-api.md#unanswered-calls); a call the agent ended while it rang does
   * not (the customer did nothing); failures are not known to count, and over-counting would revoke early.
   */
  public static boolean countsAsUnanswered(CallOutcome outcome) {
    return outcome == CallOutcome.REJECTED || outcome == CallOutcome.NOT_ANSWERED;
  }
}
