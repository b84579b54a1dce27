package io.wacall.api.call;

import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.wacall.api.web.Problems;
import io.wacall.contract.failure.CallRefusal;
import io.wacall.contract.failure.FailureTypes;
import java.time.Clock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The call workflows' typed refusals of an update (answer, decline, hang-up, place), as problem details. */
final class CallRefusals {
  private CallRefusals() {}

  /** An update's typed refusal as problem details with the codes docs/api.md lists. */
  static ErrorResponseException problem(WorkflowUpdateException e, Clock clock) {
    if (!(e.getCause() instanceof ApplicationFailure failure)) {
      throw e;
    }
    CallRefusal refusal = null;
    try {
      refusal = failure.getDetails().getSize() > 0 ? failure.getDetails().get(0, CallRefusal.class) : null;
    } catch (RuntimeException unreadable) {
      // a failure without our detail: the type alone decides
    }
    String type = failure.getType() == null ? "" : failure.getType();
    HttpStatus status = switch (type) {
      case FailureTypes.PERMISSION_REQUIRED -> HttpStatus.FORBIDDEN;
      case FailureTypes.CALLING_NOT_AVAILABLE, FailureTypes.DESTINATION_NOT_CALLABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
      case FailureTypes.RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
      case FailureTypes.NOT_RINGING_FOR_AGENT, FailureTypes.NOT_IN_CALL, FailureTypes.DISPOSITION_NOT_OPEN,
          FailureTypes.CLOUD_API_CALL_IN_PROGRESS -> HttpStatus.CONFLICT;
      case FailureTypes.INVALID_DISPOSITION_TAG, FailureTypes.INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
      default -> HttpStatus.BAD_GATEWAY;
    };
    String code = refusal != null && refusal.code() != null ? refusal.code()
        : type.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
    ProblemDetail problem = Problems.problem(status, code, failure.getOriginalMessage());
    ErrorResponseException error = new ErrorResponseException(status, problem, null);
    if (refusal != null && refusal.retryAt() != null) {
      problem.setProperty("retryAt", refusal.retryAt());
      Problems.retryAfter(error, refusal.retryAt(), clock);
    }
    if (refusal != null && refusal.graphCode() != null) {
      problem.setProperty("graphCode", refusal.graphCode());
    }
    return error;
  }
}
